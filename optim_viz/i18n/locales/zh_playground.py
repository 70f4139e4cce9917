"""The playground: its controls, figures, metrics, step inspector, theory panel and link notices."""
# ruff: noqa: E501  (a sentence and its translation read best on one line)

ZH: dict[str, str] = {
    # ---- page, tabs, sections
    "Optimizer playground": "优化器试验场",
    "Contour": "等高线图",
    "3-D surface": "三维曲面",
    "▶ Play animates the paths in your browser; the slider under the plot scrubs through the steps. "
    "Click anywhere on the surface to start from there. The camera icon saves a PNG.": (
        "▶ 播放会在浏览器中为路径播放动画；图下方的滑块可逐步查看。点击曲面上任意位置即可从那里出发。"
        "相机图标可保存 PNG 图片。"
    ),
    "Metrics": "指标",
    "Update rules": "更新规则",
    "Step t of each run, with its values substituted (squares, roots and divisions per coordinate).": (
        "每次运行的第 t 步，已代入具体数值（平方、开方和除法均按坐标逐个进行）。"
    ),
    "Step inspector: step k = {k}": "单步检查器：第 k = {k} 步",
    "On the contour, from xₖ₋₁: black the actual update xₖ − xₖ₋₁; red the plain gradient step −η·∇f, "
    "and green what momentum adds to it (SGD, momentum). Adaptive methods (Adam, RMSprop, …) rescale "
    "each coordinate, so for them red shows only the direction of −∇f, drawn as long as the update.": (
        "在等高线图上，从 xₖ₋₁ 出发：黑色是实际更新 xₖ − xₖ₋₁；红色是普通梯度步 −η·∇f；绿色是动量在其上"
        "额外加的部分（SGD、动量）。自适应方法（Adam、RMSprop 等）会对每个坐标重新缩放，因此对它们而言红色"
        "只表示 −∇f 的方向，长度画成与更新相同。"
    ),
    "No step {k}: this run diverged at step {at}.": "没有第 {k} 步：这次运行在第 {at} 步发散了。",
    "Export and share": "导出与分享",
    "Runs as CSV": "运行数据（CSV）",
    "Every run, every step: position, loss, lr, gradient and optimizer state.": (
        "每次运行的每一步：位置、损失、lr、梯度和优化器状态。"
    ),
    "Animated figure as HTML": "动画图（HTML）",
    "A standalone page that plays offline (plotly.js included).": "可离线播放的独立网页（已内嵌 plotly.js）。",
    "optim_viz playground": "optim_viz 优化器试验场",
    "The address bar holds this whole view: copy the link to share it. "
    "Add `&classroom=1` for a projector view without controls. PNG: the camera icon on a chart.": (
        "地址栏保存了整个视图：复制链接即可分享。加上 `&classroom=1` 可得到不带控件的投影仪视图。"
        "PNG：点击图表上的相机图标。"
    ),
    "Show controls": "显示控件",
    "These settings cannot run ({error}). Showing the default comparison instead.": (
        "这些设置无法运行（{error}）。改为显示默认的对比。"
    ),
    "Link problem: ": "链接问题：",
    # ---- sidebar controls
    "The loss surface f(x, y) the optimizers descend.": "优化器要下降的损失曲面 f(x, y)。",
    "View window": "视图范围",
    "x min": "x 最小值",
    "x max": "x 最大值",
    "y min": "y 最小值",
    "y max": "y 最大值",
    "The view window needs x min < x max and y min < y max; keeping the last valid window.": (
        "视图范围需要 x 最小值 < x 最大值且 y 最小值 < y 最大值；保留上一个有效范围。"
    ),
    "Numbers, x, y, + − * / ** ^, parentheses, pi, e and sin, cos, tan, exp, log, sqrt, abs, "
    "sinh, cosh, tanh, arcsin, arccos, arctan. The gradient is derived exactly.": (
        "可用：数字、x、y、+ − * / ** ^、括号、pi、e 以及 sin、cos、tan、exp、log、sqrt、abs、"
        "sinh、cosh、tanh、arcsin、arccos、arctan。梯度通过符号推导精确求得。"
    ),
    "…or click anywhere on the contour plot.": "……或点击等高线图上的任意位置。",
    "⚠️ f is not defined at the old start; moved to a point where it is.": "⚠️ f 在原起点处没有定义；已移到有定义的点。",
    "Run {n}: optimizer": "运行 {n}：优化器",
    "torch.optim's optimizers, plus the course notes' EWMA form of momentum.": (
        "torch.optim 的优化器，另加课程笔记中指数加权平均形式的动量。"
    ),
    "{doc} — torch.optim: {name} (default {default})": "{doc} — torch.optim：{name}（默认值 {default}）",
    "⚠️ Nesterov needs momentum > 0 and dampening 0 (as in torch); running without it.": (
        "⚠️ Nesterov 需要动量 momentum > 0 且 dampening 为 0（与 torch 相同）；本次不使用 Nesterov。"
    ),
    "Remove run {n}": "删除运行 {n}",
    "Add a run": "添加一次运行",
    "Compare up to {n} runs on the same surface.": "在同一曲面上最多比较 {n} 次运行。",
    "Runs": "运行",
    "Schedule, noise, tolerance": "学习率退火、噪声与容差",
    "Learning-rate schedule": "学习率退火",
    "ηₜ for update t, applied to every run's lr (t counts from the first update).": (
        "第 t 次更新的 ηₜ，作用于每次运行的 lr（t 从第一次更新开始计数）。"
    ),
    "Gradient noise σ": "梯度噪声 σ",
    "Each update uses ∇f + σ·ε with ε ~ N(0, I): a stand-in for mini-batch noise.": (
        "每次更新使用 ∇f + σ·ε，其中 ε ~ N(0, I)：用来模拟小批量噪声。"
    ),
    "Random seed": "随机种子",
    "Mini-batch size": "批大小",
    "all": "全部",
    "Points per gradient step, out of the {n} data points.": "每个梯度步使用的数据点数（共 {n} 个数据点）。",
    "Number of updates per run.": "每次运行的更新次数。",
    "Tolerance (metrics)": "容差（用于指标）",
    "“Steps to tolerance” counts the steps until f(xₖ) − f* ≤ this value.": "“达到容差的步数”统计直到 f(xₖ) − f* ≤ 该值所需的步数。",
    "Inspect step k": "检查第 k 步",
    "Inspecting step 1 (the only step).": "正在检查第 1 步（唯一的一步）。",
    "Draws the gradient, momentum and update arrows of step k on the contour.": "在等高线图上画出第 k 步的梯度、动量和更新箭头。",
    # ---- surfaces and schedules (descriptions)
    "An axis-aligned quadratic bowl; a and b are the curvatures along x and y.": (
        "坐标轴对齐的二次碗形曲面；a 和 b 分别是 x 和 y 方向的曲率。"
    ),
    "A long, narrow valley: curvature 1 along the floor and kappa across it, rotated by angle_deg; "
    "plain SGD zig-zags between its walls.": (
        "一条狭长的沟谷：沿谷底的曲率为 1，横跨沟谷方向的曲率为 kappa，并旋转 angle_deg 度；普通 SGD 会在两侧谷壁之间来回折返。"
    ),
    "A curved, flat-bottomed valley around the minimum at (a, a²).": "一条弯曲、底部平坦的山谷，最小值位于 (a, a²)。",
    "Flat plateaus and sharp ridges, with the minimum at (3, 0.5).": "平坦的高原和陡峭的山脊，最小值位于 (3, 0.5)。",
    "Four equally deep minima; which one you reach depends on where you start.": "四个同样深的最小值；到达哪一个取决于起点。",
    "A bowl covered in a regular grid of local minima; A sets their depth.": "布满规则排列的局部极小值的碗形曲面；A 决定它们的深度。",
    "A saddle point at the origin: uphill along x, downhill along y; unbounded below.": (
        "原点处的鞍点：沿 x 方向上升，沿 y 方向下降；没有下界。"
    ),
    "A tilted quadratic bowl (Hessian eigenvalues 18 and 2) with its minimum at (1, 3).": (
        "倾斜的二次碗形曲面（Hessian 特征值为 18 和 2），最小值位于 (1, 3)。"
    ),
    "Six local minima, two of them global, around a saddle at the origin.": "围绕原点鞍点的六个局部极小值，其中两个是全局最小值。",
    "decay rate per update": "每次更新的衰减率",
    "factor applied at each decay": "每次衰减时乘上的因子",
    "final learning rate": "最终学习率",
    "updates between decays": "两次衰减之间的更新次数",
    "updates until the lr reaches eta_min": "lr 降到 eta_min 所需的更新次数",
    # ---- theory panel
    "Condition number κ = L/μ": "条件数 κ = L/μ",
    "Plain gradient descent is stable for η <": "普通梯度下降稳定的条件：η <",
    "Best η for plain gradient descent": "普通梯度下降的最优 η",
    "Heavy ball (momentum β = {beta}) is stable for η <": "重球法（动量 β = {beta}）稳定的条件：η <",
    "Plain gradient descent is stable along the curved direction for η <": "普通梯度下降沿弯曲方向稳定的条件：η <",
    "Quantity": "量",
    "Not convex (an eigenvalue ≤ 0): there is no minimum, so κ and the optimal rates do not apply.": (
        "非凸（有特征值 ≤ 0）：不存在最小值，因此 κ 和最优收敛率都不适用。"
    ),
    # ---- metrics
    "Run": "运行",
    "Final loss": "最终损失",
    "Steps to f − f* ≤ {tol}": "达到 f − f* ≤ {tol} 的步数",
    "Diverged at step": "发散于第几步",
    "Path length": "路径长度",
    "Oscillation index": "震荡指数",
    "Distance to minimum": "到最小值的距离",
    "f at the last point of the path (the last finite one if the run diverged).": "路径最后一个点处的 f（若运行发散，则为最后一个有限值）。",
    "First step k with f(xₖ) − f* ≤ tolerance; empty if never reached.": "第一个满足 f(xₖ) − f* ≤ 容差的步数 k；若从未达到则为空。",
    "Step at which the run left every bound (|x| or |y| > 10⁶ or a non-finite loss).": (
        "运行越出所有界限的那一步（|x| 或 |y| > 10⁶，或损失不是有限值）。"
    ),
    "Total distance travelled, Σ‖xₖ − xₖ₋₁‖.": "走过的总距离 Σ‖xₖ − xₖ₋₁‖。",
    "0: every step keeps going the same way; near 1: every step undoes the previous one "
    "(the zig-zag across a ravine).": "0：每一步都朝同一方向前进；接近 1：每一步都抵消上一步（在沟谷中来回折返）。",
    "Distance from the last point to the nearest minimum.": "最后一个点到最近最小值的距离。",
    "n/a (no minimum)": "不适用（没有最小值）",
    "not within {n}": "{n} 步内未达到",
    "no": "否",
    "no {name}": "无 {name}",
    "**{label}** diverged at step **{k}**: its iterate left every bound (|x| or |y| > 10⁶, or a "
    "non-finite loss). The path stops at its last finite point ({x}, {y}), step {k_last}. "
    "Try a smaller learning rate.": (
        "**{label}** 在第 **{k}** 步发散：迭代点越出了所有界限（|x| 或 |y| > 10⁶，或损失不是有限值）。"
        "路径停在最后一个有限点 ({x}, {y})，即第 {k_last} 步。请尝试更小的学习率。"
    ),
    "On a typed formula the next point may also lie where f is not defined (log or sqrt of a "
    "negative number, division by zero) or overflows.": (
        "对于输入的公式，下一个点也可能落在 f 没有定义（对负数取 log 或 sqrt、除以零）或数值溢出的地方。"
    ),
    "**{label}** leaves the plotted window at step {k} (□ marks where).": "**{label}** 在第 {k} 步离开了视图范围（□ 标出位置）。",
    # ---- step inspector
    "quantity": "量",
    "value": "值",
    "meaning": "含义",
    "position before step {k}": "第 {k} 步之前的位置",
    "position after step {k}": "第 {k} 步之后的位置",
    "gradient given to the optimizer (∇f + noise)": "交给优化器的梯度（∇f + 噪声）",
    "learning rate of this step (after the schedule)": "这一步的学习率（经过学习率退火之后）",
    "what plain SGD would do with this η (red arrow: its direction, at the update's length)": (
        "普通 SGD 用这个 η 会走的一步（红色箭头：取其方向，长度与更新相同）"
    ),
    "plain gradient step (red arrow)": "普通梯度步（红色箭头）",
    "optimizer state after the step": "这一步之后的优化器状态",
    "momentum part (green arrow)": "动量部分（绿色箭头）",
    "actual update (black arrow)": "实际更新（黑色箭头）",
    "loss": "损失",
    "buf (momentum_buffer)": "buf（momentum_buffer）",
    "v (velocity)": "v（速度 velocity）",
    "G (sum of g²)": "G（g² 的累加和）",
    "v (square_avg)": "v（square_avg）",
    "ḡ (grad_avg)": "ḡ（grad_avg）",
    "u (acc_delta)": "u（acc_delta）",
    "m (exp_avg)": "m（exp_avg）",
    "v (exp_avg_sq)": "v（exp_avg_sq）",
    "v_max (max_exp_avg_sq)": "v_max（max_exp_avg_sq）",
    "Π μ (mu_product)": "Π μ（mu_product）",
    # ---- figures
    "click to start here": "点击从这里出发",
    # ---- animation on request, the live control
    "Animate the paths (▶ Play, ❚❚ Pause, step slider)": "为路径播放动画（▶ 播放、❚❚ 暂停、步数滑块）",
    "Click anywhere on the surface to start from there. The camera icon saves a PNG.": (
        "点击曲面上任意位置即可从那里出发。相机图标可保存 PNG 图片。"
    ),
    "Click the surface to start from another point.": "点击曲面即可从另一个点出发。",
    "Drag live": "实时拖动",
    "Run {n}: {name}": "第 {n} 次运行：{name}",
    "Drag this slider (or hold an arrow key on it): the run's path, loss curve and metrics follow "
    "at once, computed for every value in advance; the rest of the page catches up when you let go.": (
        "拖动这个滑块（或按住方向键）：这次运行的路径、损失曲线和指标会立即跟着变化——每个取值都已提前算好；"
        "松开后页面其余部分随之更新。"
    ),
    "final loss": "最终损失",
    "steps to tolerance": "达到容差所需步数",
    "oscillation": "震荡指数",
    "step {k}": "第 {k} 步",
    "{label}: current step": "{label}：当前步",
    "{label}: leaves the window": "{label}：离开视图范围",
    "leaves the window at step {k}": "在第 {k} 步离开视图范围",
    "{label}: diverged": "{label}：发散",
    "last finite point; diverged at step {k}": "最后一个有限点；在第 {k} 步发散",
    "diverged at step {k}": "在第 {k} 步发散",
    "start": "起点",
    "global minimum": "全局最小值",
    "local minimum": "局部极小值",
    "local maximum": "局部极大值",
    "maximum": "最大值",
    "saddle": "鞍点",
    "▶ Play": "▶ 播放",
    "❚❚ Pause": "❚❚ 暂停",
    "⟲ Replay": "⟲ 重播",
    "−η·∇f (gradient step)": "−η·∇f（梯度步）",
    "momentum part": "动量部分",
    "update Δ = xₖ − xₖ₋₁": "更新 Δ = xₖ − xₖ₋₁",
    "gradient step −η·g": "梯度步 −η·g",
    "direction of −∇f (drawn at the update's length)": "−∇f 的方向（长度画成与更新相同）",
    "momentum part Δ − (−η·g)": "动量部分 Δ − (−η·g)",
    "update Δ": "更新 Δ",
    " (continues off the plot)": "（延伸到图外）",
    "f − f*  (log scale)": "f − f*（对数刻度）",
    "Loss gap f(xₖ) − f*": "损失差 f(xₖ) − f*",
    "f − f* (log)": "f − f*（对数）",
    "Loss f(xₖ) (no lower bound on this surface)": "损失 f(xₖ)（此曲面没有下界）",
    "f": "f",
    "Distance to the nearest minimum ‖xₖ − x*‖": "到最近最小值的距离 ‖xₖ − x*‖",
    "Distance to the {kind} (no minimum here)": "到{kind}的距离（这里没有最小值）",
    "Distance from the start": "到起点的距离",
    "distance (log)": "距离（对数）",
    # ---- link notices (values such as names and numbers are filled in; a formula's {err} is translated
    # with zh_formula, an English detail from the engine is left out rather than shown half translated)
    "run {n}": "运行 {n}",
    "run {n} ({title})": "运行 {n}（{title}）",
    "{where} {name}": "{where} 的 {name}",
    "Unknown link parameter {key!r} ignored.": "未知的链接参数 {key!r}，已忽略。",
    "Link parameter {key!r} is too long; using the default.": "链接参数 {key!r} 过长；使用默认值。",
    "{key}: {err}; using the default.": "{key}：{err}；使用默认值。",
    "{text!r} is not a number": "{text!r} 不是数字",
    "{text!r} is not a finite number": "{text!r} 不是有限数",
    "{text!r} is not a whole number": "{text!r} 不是整数",
    "{text!r} is not true/false": "{text!r} 不是 true/false",
    "cannot read {text!r} (expected name(key=value,…))": "无法读取 {text!r}（应为 name(key=value,…) 的形式）",
    "cannot read {item!r} in {text!r} (expected key=value)": "无法读取 {text!r} 中的 {item!r}（应为 key=value）",
    "{start_text!r} is not two numbers like -4.5,1.5": "{start_text!r} 不是像 -4.5,1.5 这样的两个数",
    "{value!r} is not two numbers like 0.9/0.999": "{value!r} 不是像 0.9/0.999 这样的两个数",
    "{window_text!r} is not four numbers like -3,3,-3,3": "{window_text!r} 不是像 -3,3,-3,3 这样的四个数",
    "unknown surface {name!r} (choose from {v0})": "未知曲面 {name!r}（可选：{v0}）",
    "unknown schedule {name!r} (choose from {v0})": "未知的退火方式 {name!r}（可选：{v0}）",
    "surface: {err}; using {v0}.": "曲面：{err}；改用 {v0}。",
    "surface {name} has no parameter {k!r}; ignored.": "曲面 {name} 没有参数 {k!r}，已忽略。",
    "surface {k}: {err}; using {v0}.": "曲面参数 {k}：{err}；使用 {v0}。",
    "schedule: {err}; using constant.": "学习率退火：{err}；改用 constant（常数学习率）。",
    "schedule {name} has no parameter {k!r}; ignored.": "退火方式 {name} 没有参数 {k!r}，已忽略。",
    "schedule {k}: {err}; using {v0}.": "退火参数 {k}：{err}；使用 {v0}。",
    "start: {err}; using the surface's suggested start.": "起点：{err}；使用该曲面建议的起点。",
    "classroom: {err}; classroom mode off.": "classroom：{err}；关闭课堂模式。",
    "At most {v0} runs; runs after the {v1}th were dropped.": "最多 {v0} 次运行；第 {v1} 次之后的运行已删除。",
    "No valid run in the link; using the default comparison (SGD vs SGD+momentum).": (
        "链接中没有有效的运行；使用默认对比（SGD 对比 SGD+动量）。"
    ),
    "No valid run; using the default comparison (SGD vs SGD+momentum).": "没有有效的运行；使用默认对比（SGD 对比 SGD+动量）。",
    "{where}: {err}; run dropped.": "{where}：{err}；该运行已删除。",
    "{where}: unknown optimizer {name!r} (choose from {v0}); run dropped.": "{where}：未知优化器 {name!r}（可选：{v0}）；该运行已删除。",
    "{where}: {v0} has no hyperparameter {key!r}; ignored.": "{where}：{v0} 没有超参数 {key!r}，已忽略。",
    "{where}: {key}: {err}; using {v0}.": "{where}：{key}：{err}；使用 {v0}。",
    "{where}: {err}; using the defaults of {v0}.": "{where}：这组超参数无法运行（{err}）；使用 {v0} 的默认值。",
    "Nesterov momentum requires a momentum and zero dampening": "Nesterov 动量要求 momentum 大于 0 且 dampening 为 0",
    "Unknown optimizer {v0!r} in run {v1}; run dropped.": "运行 {v1} 中的优化器 {v0!r} 未知；该运行已删除。",
    "Unknown surface {surface!r}; using {v0}.": "未知曲面 {surface!r}；改用 {v0}。",
    "Unknown schedule {schedule!r}; using constant.": "未知的退火方式 {schedule!r}；改用 constant（常数学习率）。",
    "{err}; using the default parameters of {surface}.": "参数无效；使用 {surface} 的默认参数。",
    "{err}; using the schedule's defaults.": "退火参数无效；使用该退火方式的默认值。",
    "{name}={v0} is outside {v1}…{v2}; using {v3}.": "{name}={v0} 超出 {v1}…{v2} 的范围；使用 {v3}。",
    "{name}={v0} was rounded to the nearest slider value, {v1}.": "{name}={v0} 已改为最接近的滑块取值 {v1}。",
    "{name}={value!r} is not one of {v0}; using {default}.": "{name}={value!r} 不在 {v0} 之中；使用 {default}。",
    "{name}={value!r} is not a number; using {default}.": "{name}={value!r} 不是数字；使用 {default}。",
    "{name}={v0} must be a whole number in [{v1}, {v2}]; using {default}.": (
        "{name}={v0} 必须是 [{v1}, {v2}] 内的整数；使用 {default}。"
    ),
    "start=({shown}) is outside the surface's window x∈[{x0:g}, {x1:g}], y∈[{y0:g}, {y1:g}]; "
    "using ({v0}, {v1}).": "起点 ({shown}) 在曲面的视图范围 x∈[{x0:g}, {x1:g}]、y∈[{y0:g}, {y1:g}] 之外；使用 ({v0}, {v1})。",
    "f is not defined at start=({v0}, {v1}); using ({v2}, {v3}).": "f 在起点 ({v0}, {v1}) 处没有定义；使用 ({v2}, {v3})。",
    "seed={seed!r} must be a whole number in [0, {v0}]; using 0.": "随机种子 seed={seed!r} 必须是 [0, {v0}] 内的整数；使用 0。",
    "batch={batch_size!r}: surface {surface} has no data points; using full gradients.": (
        "batch={batch_size!r}：曲面 {surface} 没有数据点；使用完整梯度。"
    ),
    "batch={batch_size!r} must be a whole number in [1, {n}]; using all {n} points.": (
        "batch={batch_size!r} 必须是 [1, {n}] 内的整数；使用全部 {n} 个数据点。"
    ),
    "inspected step k={k!r} must be in [1, {steps}]; using {clamped}.": "检查的步数 k={k!r} 必须在 [1, {steps}] 内；使用 {clamped}。",
    "surface=custom needs a formula (expr=…); using {v0}.": "surface=custom 需要一个公式（expr=…）；改用 {v0}。",
    "The formula in the link cannot be used ({err}); using {v0}.": "链接中的公式无法使用（{err}）；改用 {v0}。",
    "The formula cannot be used ({err}); using {v0}.": "公式无法使用（{err}）；改用 {v0}。",
    "window: {err}; using the default window.": "window：{err}；使用默认视图范围。",
    "window=({shown}) is not a view window x_min < x_max, y_min < y_max within ±1e6; using the default ({default}).": (
        "window=({shown}) 不是有效的视图范围（需要 x_min < x_max、y_min < y_max 且在 ±1e6 以内）；使用默认值 ({default})。"
    ),
    "expr and window apply only to surface=custom; ignored.": "expr 和 window 只对 surface=custom 有效，已忽略。",
}
