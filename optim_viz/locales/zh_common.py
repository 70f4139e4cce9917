"""Strings shared by every page."""

ZH: dict[str, str] = {
    "Language": "语言",
    "English": "English",
    "简体中文": "简体中文",
}
