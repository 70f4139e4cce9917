"""Strings of the page-state layer (link notices of every page) and of the presets added with it."""

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
    "Three ways to write momentum, one path": "动量的三种写法，同一条路径",
    "CS231n's v = μv − ηg, PyTorch's buffer and the course notes' exponentially weighted average, run together on "
    "the ravine. With a constant learning rate CS231n walks exactly PyTorch's path, and the average does too once "
    "its learning rate is divided by 1 − β.": (
        "CS231n 的 v = μv − ηg、PyTorch 的动量缓冲区和课程笔记中的指数加权平均在同一个沟谷上一起运行。"
        "学习率不变时，CS231n 与 PyTorch 走的是完全相同的路径；"
        "把指数加权平均的学习率除以 1 − β 之后，它也走同一条路径。"
    ),
    "Heavy ball, Nesterov and plain SGD on the ravine, with update 5 of Nesterov drawn the classic way. The momentum "
    "jump comes first and the gradient is taken where it lands; the heavy ball takes its gradient before the jump.": (
        "在沟谷上运行重球法、Nesterov 和普通 SGD，并按经典写法画出 Nesterov 的第 5 次更新。"
        "它先做动量跳跃，再在落点处计算梯度；重球法则在跳跃之前计算梯度。"
    ),
    "Learning rate × momentum: where SGD converges": "学习率 × 动量：SGD 在哪里收敛",
    "Ten thousand runs of SGD on the ravine, one per cell, coloured by the steps each needs. The red region "
    "diverged; its edge follows the dashed stability limit η < 2(1 + β)/L, and the star marks the best heavy-ball "
    "settings of the theory.": (
        "在沟谷上运行一万次 SGD，每个格子一次，按各自所需的步数着色。红色区域的运行发散了，其边缘与虚线所示的稳定界限 "
        "η < 2(1 + β)/L 吻合；星号标出理论上最优的重球法设置。"
    ),
    "Every optimizer on Rosenbrock, learning rates tuned": "所有优化器在 Rosenbrock 函数上，学习率经过调优",
    "All the optimizers start from the same point on Rosenbrock's banana with 300 steps each. Before the race every "
    "learning rate is picked from 41 values by the lowest final loss.": (
        "所有优化器都从 Rosenbrock 香蕉函数上的同一点出发，各走 300 步。比赛之前，每个优化器的学习率都从 41 个候选值中"
        "按最低的最终损失选出。"
    ),
}
