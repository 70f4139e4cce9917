"""Strings of the page-state layer: the link notices of every page (the presets are in zh_presets)."""

ZH: dict[str, str] = {
    "Explore": "探索",
    "Lessons": "课程",
    "Presets": "预设",
    "{text!r} is not {n} numbers like {example}": "{text!r} 不是像 {example} 这样的 {n} 个数",
    "start=({shown}) is outside the surface's window x∈[{x0:g}, {x1:g}], y∈[{y0:g}, {y1:g}]; using its suggested "
    "start.": "start=({shown}) 不在曲面的视图范围 x∈[{x0:g}, {x1:g}]、y∈[{y0:g}, {y1:g}] 之内，改用该曲面建议的起点。",
    "{text!r} is not an axis like lr:0.001:1:log": "{text!r} 不是像 lr:0.001:1:log 这样的坐标轴",
    "unknown optimizer {name!r} (choose from {v0})": "未知的优化器 {name!r}（可选：{v0}）",
    "{key}: {err}; using the defaults.": "{key}：{err}，改用默认值。",
    "{key}: {v0} has no hyperparameter {k!r}; ignored.": "{key}：{v0} 没有超参数 {k!r}，已忽略。",
    "{key}: {k}: {err}; using the default.": "{key}：{k}：{err}，改用默认值。",
    "{key}: {opt} has no hyperparameter {name!r} to sweep; using {v0}.":
        "{key}：{opt} 没有可扫描的超参数 {name!r}，改用 {v0}。",
    "{key}: a log axis needs values above 0; using the default range.":
        "{key}：对数坐标轴的取值必须大于 0，改用默认范围。",
    "x and y sweep the same hyperparameter; using {v0} and {v1}.":
        "x 轴和 y 轴扫描的是同一个超参数，改用 {v0} 和 {v1}。",
    "fixed: values for {v0}, not {v1}; using the defaults.": "fixed：这些取值属于 {v0} 而不是 {v1}，改用默认值。",
    "fixed: {err}; using the defaults.": "fixed：{err}，改用默认值。",
}
