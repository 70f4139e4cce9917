"""Chinese (简体中文) catalogue: English UI string → translation. See optim_viz.i18n."""

ZH: dict[str, str] = {
    "English": "English",
    "简体中文": "简体中文",
}
