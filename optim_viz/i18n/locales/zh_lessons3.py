"""Lessons III: the pages "Adaptive step sizes" and "Gradient descent in one dimension", the new
sections of the momentum, averages and neuron pages, and the bumpy valley. Terms follow the course
notes: 学习率退火, 随步数衰减, 周期 (epoch), 验证集, 偏差修正, 沟谷, 小批量."""

ZH: dict[str, str] = {
    # ---- the bumpy valley (every surface picker)
    "Bumpy valley": "带坑洼的山谷",
    "height of the bumps": "坑洼的高度",
    "A wide valley whose floor is covered in small bumps, one per unit of x, with the lowest point at the "
    "origin; h sets the bumps' height. Plain SGD settles in the first dip it meets, while momentum can carry a "
    "run over the bumps.": (
        "一个宽阔的山谷，谷底沿 x 方向每隔一个单位就有一个小坑洼，最低点在原点；h 决定坑洼的高度。"
        "普通 SGD 会停在遇到的第一个坑里，而动量可以带着它越过这些坑洼。"
    ),
    # ---- page: exponentially weighted averages, section 4 (a typed series)
    "4. Your own numbers": "4. 你自己的数",
    "Type a few numbers and compare their exponentially weighted average with the plain average. The plain mean "
    "needs every number kept; the running average needs only the last value and the newest number. The course "
    "notes average 0, 1, …, 9.": (
        "输入几个数，比较它们的指数加权平均和普通的算术平均。算术平均要把每个数都保存下来；移动平均只需要"
        "上一个平均值和最新的数。课程笔记里求的是 0, 1, …, 9 的平均。"
    ),
    "Numbers, separated by commas": "用逗号分隔的数",
    "Up to {n} plain numbers such as 3, -1.5 or 2e3.": "最多 {n} 个普通数字，例如 3、-1.5 或 2e3。",
    "β for these numbers": "这组数用的 β",
    "These numbers cannot be used: {error} (character {pos}). Still showing the last numbers that could be read.": (
        "这组数无法使用：{error}（第 {pos} 个字符）。仍显示上一次能读取的数。"
    ),
    "type numbers separated by commas, e.g. 0, 1, 2, 3": "请输入用逗号分隔的数，例如 0, 1, 2, 3",
    "number {item} is missing (two commas in a row, or a comma at an end)": (
        "缺少第 {item} 个数（连续两个逗号，或逗号在开头或结尾）"
    ),
    "number {item}, {token!r}, is not a number": "第 {item} 项 {token!r} 不是数字",
    "put a comma between the numbers of {token!r}": "{token!r} 中的数之间要用逗号隔开",
    "number {item} is too large (at most 1e12 in size)": "第 {item} 个数太大（绝对值最多 1e12）",
    "at most {max} numbers ({n} given)": "最多 {max} 个数（输入了 {n} 个）",
    "series: {err}; using {v0}.": "series：{err}，改用 {v0}。",
    "Your numbers, their running mean and their exponentially weighted average": (
        "你的数、它们的累计算术平均和指数加权平均"
    ),
    "your numbers Sₜ": "你的数 Sₜ",
    "arithmetic mean of S₁…Sₜ": "S₁…Sₜ 的算术平均",
    "The plain mean of these {n} numbers is **{mean}**. The average ends at V = **{v}**, and bias-corrected at "
    "V̂ = **{vhat}**. Without correction the weights of the {n} numbers add up to only 1 − βⁿ = {total}: the rest "
    "went to V₀ = 0. In V̂ the newest number counts {new} and the first {old}, where the plain mean gives each "
    "1/n = {flat}.": (
        "这 {n} 个数的算术平均是 **{mean}**。指数加权平均最后是 V = **{v}**，偏差修正后是 V̂ = **{vhat}**。"
        "不做修正时，这 {n} 个数的权重加起来只有 1 − βⁿ = {total}：其余的权重给了 V₀ = 0。在 V̂ 中，最新的数占 "
        "{new}，第一个数只占 {old}；而算术平均给每个数的权重都是 1/n = {flat}。"
    ),
    "Sₜ": "Sₜ",
    "Vₜ": "Vₜ",
    "V̂ₜ": "V̂ₜ",
    "mean of S₁…Sₜ": "S₁…Sₜ 的平均",
    "β = {beta}: each step keeps β of the old average and adds 1 − β of the new number.": (
        "β = {beta}：每一步保留旧平均值的 β，再加上新数的 1 − β。"
    ),
    # ---- page: adaptive step sizes
    "Adaptive step sizes": "自适应步长",
    "Ravine": "沟谷",
    "Rotation of the valley (degrees)": "沟谷的旋转角度（度）",
    "0: the floor runs along x. 45: neither axis follows the valley.": "0：谷底沿 x 方向。45：两个坐标轴都不沿着沟谷。",
    "{name}: learning rate η (lr)": "{name}：学习率 η (lr)",
    "RMSprop: α (alpha)": "RMSprop：α (alpha)",
    "Adadelta: ρ (rho)": "Adadelta：ρ (rho)",
    "Adam: β₁": "Adam：β₁",
    "Adam: β₂": "Adam：β₂",
    "Pick at least one optimizer": "请至少选择一个优化器",
    "Pick at least one optimizer in the sidebar.": "请在侧边栏中至少选择一个优化器。",
    "{name}, η = {lr}": "{name}，η = {lr}",
    "Plain SGD gives every coordinate the same step size η. The adaptive methods give each coordinate its own, "
    "read from the gradients seen so far: a coordinate with large gradients gets small steps, one with small "
    "gradients large steps. **Adagrad** divides by the root of the sum of all past squared gradients. That sum only "
    "grows, so its steps only shrink. **RMSprop** uses a moving average of the squared gradients instead: it "
    "forgets old gradients, and its steps follow the recent ones. **Adadelta** also replaces the global learning "
    "rate by the root of a moving average of its own past steps. **Adam** is RMSprop's average plus momentum, with "
    "both averages corrected for starting at zero.": (
        "普通 SGD 给每个坐标相同的步长 η。自适应方法根据迄今为止看到的梯度，给每个坐标各自的步长：梯度大的坐标"
        "步子小，梯度小的坐标步子大。**Adagrad** 除以过去所有梯度平方和的平方根。这个和只增不减，所以它的步长"
        "只会越来越小。**RMSprop** 改用梯度平方的移动平均：它会忘掉旧的梯度，步长跟着最近的梯度走。"
        "**Adadelta** 还用它自己过去步长的移动平均的平方根取代了全局学习率。**Adam** 就是 RMSprop 的平均再加上"
        "动量，并且两个平均都做了从 0 起步的偏差修正。"
    ),
    "▶ Play animates the runs. The arrows show step k of each run (set it in the step inspector).": (
        "▶ 播放可以动画展示各次运行。箭头表示每次运行的第 k 步（在单步检查器里设置 k）。"
    ),
    "Update rules with these values": "代入当前数值的更新规则",
    "Turn the valley by 45°": "把沟谷转 45°",
    "Distance to the minimum after {n} steps, with the settings of the sidebar.": (
        "按侧边栏的设置运行 {n} 步后到最小值的距离。"
    ),
    "Valley along x": "沟谷沿 x 方向",
    "Valley at 45°": "沟谷转 45°",
    "Per-coordinate steps help when the steep and the flat directions are the coordinate axes: the steep "
    "coordinate gets a small step and the flat one a large step. Turned by 45°, every coordinate sees the same mix "
    "of steep and flat, both get about the same step size, and the advantage is gone. Plain SGD never looks at "
    "coordinates: it walks the same path, turned.": (
        "当陡峭方向和平坦方向正好是坐标轴时，逐坐标的步长才有用：陡的坐标步子小，平的坐标步子大。转 45° 之后，"
        "每个坐标看到的都是陡与平的同样混合，两个坐标的步长差不多，优势也就没了。普通 SGD 从不看坐标：它走的是"
        "同一条路径，只是转了个方向。"
    ),
    "SGD ends {a} from the minimum in both.": "SGD 在两种情况下最后都离最小值 {a}。",
    "{name}: {a} → {r} ({x}× the distance).": "{name}：{a} → {r}（距离是原来的 {x} 倍）。",
    "The step size each coordinate gets": "每个坐标实际得到的步长",
    "For every update the effective step size η_eff is the number each coordinate's gradient is multiplied by (for "
    "Adam, the number its moment m is multiplied by), exactly as PyTorch computes it: the step is Δ = −η_eff·g "
    "(Adam: −η_eff·m).": (
        "每次更新的有效步长 η_eff，就是每个坐标的梯度（对 Adam 而言是它的一阶矩 m）所乘的那个数，与 PyTorch 的"
        "计算完全一致：这一步是 Δ = −η_eff·g（Adam：−η_eff·m）。"
    ),
    "{run}: η_eff goes from {a0} to {a1} in x and from {b0} to {b1} in y; the x step size is {lo} to {hi} times "
    "the y step size.": (
        "{run}：x 方向的 η_eff 从 {a0} 变为 {a1}，y 方向从 {b0} 变为 {b1}；x 方向的步长是 y 方向的 {lo} 到 {hi} 倍。"
    ),
    "Adagrad's sum can only grow. The moving averages rise while the gradients are large and fall back as they "
    "shrink. Adadelta's second line is the average of its own squared steps: it starts at 0, so its first steps "
    "are tiny (about √ε/√v).": (
        "Adagrad 的和只会增大。移动平均在梯度大时上升，梯度变小后又回落。Adadelta 的第二条线是它自己步长平方的"
        "平均：它从 0 开始，所以最初的步子非常小（约为 √ε/√v）。"
    ),
    "Effective step size of each coordinate, η_eff (log scale)": "每个坐标的有效步长 η_eff（对数坐标）",
    "η_eff": "η_eff",
    "coordinate {c}": "坐标 {c}",
    "What each method accumulates, per coordinate (log scale)": "各方法逐坐标累积的量（对数坐标）",
    "Adagrad: sum of g²": "Adagrad：g² 之和",
    "RMSprop: moving average of g²": "RMSprop：g² 的移动平均",
    "Adadelta: moving average of g²": "Adadelta：g² 的移动平均",
    "Adadelta: moving average of its squared steps": "Adadelta：自身步长平方的移动平均",
    "Adam: v, moving average of g²": "Adam：v，g² 的移动平均",
    "Step inspector": "单步检查器",
    "g": "g",
    "Accumulators after the update": "更新后的累积量",
    "multiplies": "所乘的量",
    "Δ = −η_eff·(g or m)": "Δ = −η_eff·（g 或 m）",
    "step taken": "实际走的一步",
    "diverged before step {k}": "在第 {k} 步之前已发散",
    "The last two columns agree to rounding: the effective step sizes are the ones the runs used. Accumulator "
    "names follow PyTorch's state: Σg² is Adagrad's sum, v a moving average of g², u Adadelta's average of squared "
    "steps, m Adam's average of g.": (
        "最后两列在舍入误差内一致：这些有效步长正是各次运行实际用的。累积量的名称沿用 PyTorch 的状态：Σg² 是 "
        "Adagrad 的和，v 是 g² 的移动平均，u 是 Adadelta 步长平方的平均，m 是 Adam 对 g 的平均。"
    ),
    "Adam's bias correction": "Adam 的偏差修正",
    "m and v start at 0, so their first values are too small: after one step m = (1 − β₁)·g and v = (1 − β₂)·g². "
    "Adam divides each by the share of weight it has collected so far:": (
        "m 和 v 从 0 开始，所以它们最初的值偏小：第一步之后 m = (1 − β₁)·g，v = (1 − β₂)·g²。"
        "Adam 把它们分别除以到目前为止已累积的权重份额："
    ),
    "PyTorch computes the same thing in factored form, η/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε), which is what the "
    "effective step sizes above use. The course notes' Adam leaves the correction out: x ← x − η·m/(√v + ε).": (
        "PyTorch 用分解后的形式计算同一个量：η/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)，上面的有效步长用的就是它。"
        "课程笔记里的 Adam 省略了修正：x ← x − η·m/(√v + ε)。"
    ),
    "Show the factors up to t =": "显示修正因子直到 t =",
    "Compare the first steps": "比较最初的步数",
    "Adam's bias-correction factors over the steps": "Adam 的偏差修正因子随步数的变化",
    "1/(1 − β₁ᵗ): multiplies m": "1/(1 − β₁ᵗ)：乘在 m 上",
    "1/(1 − β₂ᵗ): multiplies v": "1/(1 − β₂ᵗ)：乘在 v 上",
    "uncorrected step ÷ corrected step, (1 − β₁ᵗ)/√(1 − β₂ᵗ)": "未修正步长 ÷ 修正后步长，(1 − β₁ᵗ)/√(1 − β₂ᵗ)",
    "{ratio:.2f}× at t = {t}": "t = {t} 时为 {ratio:.2f} 倍",
    "factor": "因子",
    "With β₁ = {b1} and β₂ = {b2}, at t = 1 the factors are {f1} and {f2}. For the same m and v, a step without "
    "correction is (1 − β₁ᵗ)/√(1 − β₂ᵗ) times the corrected one: {r1} at t = 1, at most {peak} (at t = {peak_t}), "
    "and still {rl} at t = {last}: the uncorrected v is too small for hundreds of steps, and it sits under a square "
    "root in the denominator.": (
        "当 β₁ = {b1}、β₂ = {b2} 时，t = 1 的两个因子是 {f1} 和 {f2}。在 m 和 v 相同的情况下，不做修正的一步是修正后"
        "的 (1 − β₁ᵗ)/√(1 − β₂ᵗ) 倍：t = 1 时为 {r1}，最大为 {peak}（在 t = {peak_t}），到 t = {last} 时仍有 {rl}："
        "未修正的 v 在几百步内都偏小，而它又位于分母的平方根之下。"
    ),
    "Adam, bias-corrected (PyTorch)": "Adam，偏差修正（PyTorch）",
    "Adam without correction (the notes)": "Adam，不做修正（课程笔记）",
    "Length of each step ‖xₜ − xₜ₋₁‖": "每一步的长度 ‖xₜ − xₜ₋₁‖",
    "step length": "步子长度",
    "η·√2: a step of η in x and in y": "η·√2：x 和 y 方向各走 η",
    "The first step is {c} long with correction (η = {lr} in each coordinate, whatever the size of the gradient) "
    "and {p} without, {r} times as long. After {n} steps the corrected run is {dc} from the minimum and the "
    "uncorrected one {dp}.": (
        "第一步的长度：修正后为 {c}（每个坐标都走 η = {lr}，与梯度大小无关），不修正为 {p}，是前者的 {r} 倍。"
        "走 {n} 步之后，修正的运行离最小值 {dc}，未修正的离最小值 {dp}。"
    ),
    "Here the larger early steps happen to help; the correction is not about speed, but about making η mean the "
    "same step size from the first update on.": (
        "在这里，开头较大的步子恰好有利；偏差修正的目的不是更快，而是让 η 从第一次更新起就代表同样的步长。"
    ),
    "Which optimizer should I use?": "我该用哪个优化器？",
    "The course notes' advice: **start with Adam** at its usual settings β₁ = 0.9, β₂ = 0.999, ε = 1e-8 "
    "(PyTorch's defaults) and tune mainly the learning rate; most of the time it works well without much care. If it "
    "does not, try the others. The usual alternative is **SGD with momentum (0.9) and a learning-rate schedule**, "
    "which asks for more tuning of η and of the schedule.": (
        "课程笔记的建议：**从 Adam 开始**，用它的常用设置 β₁ = 0.9、β₂ = 0.999、ε = 1e-8（即 PyTorch 的默认值），"
        "主要调学习率；大多数情况下它不用太费心就能工作得很好。如果效果不好，再试试其他方法。常用的替代方案是"
        "**带动量（0.9）的 SGD 加上学习率退火**，它需要更多地调 η 和退火方式。"
    ),
    "What this page shows fits that advice, within its limits: the adaptive methods do not care how steep each "
    "axis is, which spares you tuning η to the steepest direction, but they lose that edge when the valley is not "
    "aligned with the axes, and Adagrad's steps keep shrinking. A two-dimensional valley is not a network, though: "
    "as on the optimizer race page, one surface, one start and one budget can rank the methods in any order. Use "
    "these pages to see how each method moves, and the advice above to choose where to start.": (
        "本页展示的内容在它的范围内与这条建议相符：自适应方法不在乎每个坐标轴有多陡，省去了按最陡方向调 η 的"
        "麻烦；但当沟谷不沿坐标轴时，这个优势就没有了，而且 Adagrad 的步长会一直缩小。不过二维的沟谷不是神经"
        "网络：和优化器赛跑页面一样，一个曲面、一个起点和一种步数预算可能排出任意的名次。用这些页面去看每种"
        "方法如何移动，用上面的建议来决定从哪里开始。"
    ),
    "Open the optimizer race": "打开优化器赛跑",
    # ---- page: optimizer race (the fine print agrees with "Which optimizer should I use?")
    "**What this shows, and what it does not.** It is one surface, one start, one step budget and one way of "
    "picking the learning rate. A different start, budget or criterion can reorder the field, and a 2-D surface is "
    "not a neural network, so the winner here tells you little about your own model. To choose where to start, "
    "follow the usual advice (see Adaptive step sizes): Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8, and SGD with "
    "momentum and a learning-rate schedule as the alternative. What the race does show is how each method moves: "
    "who zig-zags, who stalls on a plateau, who overshoots.": (
        "**这能说明什么，不能说明什么。** 这里只有一个曲面、一个起点、一种步数预算和一种挑选学习率的方法。"
        "换一个起点、预算或标准，名次就可能改变；而且二维曲面不是神经网络，所以这里的赢家对你自己的模型说明不了"
        "多少。要决定从哪里开始，请遵循常用的建议（见“自适应步长”页面）：用 β₁ = 0.9、β₂ = 0.999、ε = 1e-8 的 "
        "Adam，替代方案是带动量的 SGD 加学习率退火。赛跑真正能展示的是每种方法如何移动："
        "谁走锯齿，谁在平台上停滞，谁冲过了头。"
    ),
    # ---- preset
    "Adagrad, RMSprop, Adadelta and Adam in a rotated ravine": "旋转后的沟谷中的 Adagrad、RMSprop、Adadelta 和 Adam",
    "The five methods in the ravine turned by 45°. Along the axes each adaptive method gives the steep coordinate a "
    "small step and the flat one a large step; turned, both coordinates see the same mix, get about the same step "
    "size, and plain SGD ends closer to the minimum than any of them.": (
        "五种方法在转了 45° 的沟谷中运行。沿坐标轴时，每种自适应方法给陡的坐标小步长、给平的坐标大步长；转过之后，"
        "两个坐标看到的是同样的混合，步长差不多，普通 SGD 最后比它们中任何一个都更接近最小值。"
    ),
    # ---- page: gradient descent in one dimension
    "Gradient descent in 1-D": "一维梯度下降",
    "Gradient descent in one dimension": "一维梯度下降",
    "Function": "函数",
    "f(x) =": "f(x) =",
    "A formula in x: numbers, x, + − * / ** ^, parentheses, pi, e and sin, cos, tan, exp, log, sqrt, abs, sinh, "
    "cosh, tanh, arcsin, arccos, arctan.": (
        "关于 x 的公式：可以用数字、x、+ − * / ** ^、括号、pi、e 以及 sin、cos、tan、exp、log、sqrt、abs、sinh、"
        "cosh、tanh、arcsin、arccos、arctan。"
    ),
    "Start x₀": "起点 x₀",
    "Learning rates": "学习率",
    "Run {i}: learning rate η": "运行 {i}：学习率 η",
    "The derivative f′(x) is the slope of the tangent: positive where f rises to the right, negative where it "
    "falls. Gradient descent moves against it, x ← x − η·f′(x): to the left on a rising slope, to the right on a "
    "falling one, and further where the slope is steeper. The learning rate η sets how far.": (
        "导数 f′(x) 就是切线的斜率：f 向右上升处为正，下降处为负。梯度下降逆着它走，x ← x − η·f′(x)：在上坡处"
        "向左走，在下坡处向右走，坡越陡走得越远。学习率 η 决定走多远。"
    ),
    "Gradient descent on f(x): the iterates and the tangent at each": "f(x) 上的梯度下降：各迭代点及其切线",
    "η = {lr}": "η = {lr}",
    "too small": "太小",
    "converges": "收敛",
    "lands in one step": "一步到达最小值",
    "bounces for ever": "来回跳动，永不停止",
    "too large: diverges": "太大：发散",
    "leaves the view at step {k}": "第 {k} 步离开视野",
    "At the start x₀ = {x0} the slope is f′(x₀) = {slope}: the first step of each run is −η·{slope}. Dotted: the "
    "tangent at every iterate. Bold: the tangent at step k's starting point; the arrow is the step.": (
        "在起点 x₀ = {x0} 处斜率 f′(x₀) = {slope}：每次运行的第一步都是 −η·{slope}。点线：每个迭代点处的切线。"
        "粗线：第 k 步起点处的切线；箭头就是这一步。"
    ),
    "η": "η",
    "x before": "之前的 x",
    "slope f′(x)": "斜率 f′(x)",
    "step −η·f′(x)": "步子 −η·f′(x)",
    "x after": "之后的 x",
    "f before → after": "f：之前 → 之后",
    "η = {lr}: {q}": "η = {lr}：{q}",
    "f is a quadratic with f″ = {c}: each step multiplies the distance to the minimum by 1 − η·f″ ({factors}). A "
    "factor between 0 and 1 creeps towards the minimum from one side, a factor between −1 and 0 hops across it "
    "and back, and beyond −1 every hop lands farther away. So η = 1/f″ = {one} lands on the minimum in one step, "
    "and every η above 2/f″ = {limit} diverges.": (
        "f 是二次函数，f″ = {c}：每一步把到最小值的距离乘以 1 − η·f″（{factors}）。因子在 0 和 1 之间时，从一侧"
        "慢慢靠近最小值；在 −1 和 0 之间时，来回跳过最小值并逐渐靠近；小于 −1 时，每跳一次都落得更远。所以 "
        "η = 1/f″ = {one} 一步就到达最小值，而任何大于 2/f″ = {limit} 的 η 都会发散。"
    ),
    "This f is not a quadratic, so the step factor changes from place to place: near a minimum where f″ = c, the "
    "same rule holds with that c.": (
        "这个 f 不是二次函数，所以步长因子随位置而变：在 f″ = c 的最小值附近，同样的规律以这个 c 成立。"
    ),
    "start={v0}: f is not defined there; using {v1}.": "start={v0}：f 在这里没有定义，改用 {v1}。",
    "Learning rate too small, right, too large on f = x²": "f = x² 上学习率太小、合适、太大",
    "The course notes' first example: f = x² from x = −2, where the slope is −4, so every run steps to the right. "
    "η = 0.05 creeps (each step keeps 90 % of the distance), η = 0.3 keeps 40 %, and η = 1.05 jumps over the "
    "minimum to a point farther away every time.": (
        "课程笔记的第一个例子：f = x² 从 x = −2 出发，那里的斜率是 −4，所以每次运行都向右走。η = 0.05 缓慢爬行"
        "（每一步保留 90 % 的距离），η = 0.3 保留 40 %，而 η = 1.05 每次都跳过最小值，落到更远的地方。"
    ),
    # ---- the neuron: ReLU, the numerical gradient check, epochs
    "The loss of one neuron ŷ = a(w₁x₁ + w₂x₂), a the sigmoid or ReLU, on two overlapping clusters, as a function "
    "of its two weights; steps can use mini-batches of the data.": (
        "单个神经元 ŷ = a(w₁x₁ + w₂x₂)（a 为 sigmoid 或 ReLU）在两个相互重叠的簇上的损失，作为其两个权重的函数；"
        "每一步可以使用数据的小批量。"
    ),
    "activation function": "激活函数",
    "Activation": "激活函数",
    "The notes' neuron uses ReLU; the sigmoid gives an output between 0 and 1.": (
        "课程笔记中的神经元用 ReLU；sigmoid 的输出在 0 和 1 之间。"
    ),
    "sigmoid σ": "sigmoid σ",
    "ReLU": "ReLU",
    "The ReLU neuron is trained with the squared error; using loss=mse.": (
        "ReLU 神经元用平方误差损失训练，改用 loss=mse。"
    ),
    "One ReLU neuron ŷ = max(0, w₁x₁ + w₂x₂) (no bias), the neuron of the course notes, learns to separate two "
    "clusters of points with the squared error. Its loss over the whole data set is a surface over the two weights "
    "(w₁, w₂). A mini-batch step sees only B random points, so its gradient is a noisy estimate of the true one: "
    "B = 1 is pure SGD, the full batch is plain gradient descent.": (
        "一个 ReLU 神经元 ŷ = max(0, w₁x₁ + w₂x₂)（没有偏置），也就是课程笔记中的神经元，用平方误差学习把两簇点"
        "分开。它在整个数据集上的损失是两个权重 (w₁, w₂) 上的一个曲面。小批量的一步只看到 B 个随机点，所以它的"
        "梯度是真实梯度的带噪声估计：B = 1 就是纯粹的 SGD，全批量就是普通的梯度下降。"
    ),
    "Left: each line is the boundary w₁x₁ + w₂x₂ = ½ of one run after step k, where ŷ = ½. Right: the exact loss "
    "over all points, the same surface for every run; the dots mark step k.": (
        "左图：每条线是一次运行在第 k 步之后的决策边界 w₁x₁ + w₂x₂ = ½，即 ŷ = ½ 的地方。右图：所有点上的精确损失，"
        "每次运行都是同一个曲面；圆点标出第 k 步。"
    ),
    "ReLU and its derivative": "ReLU 及其导数",
    "ReLU has no derivative at z = 0. Like PyTorch, whose autograd gives relu′(0) = 0, this page takes 0 there, so "
    "the gradient is ∇L = (1/n) Σᵢ 2(relu(zᵢ) − yᵢ)·[zᵢ > 0]·xᵢ: only points with zᵢ > 0 move the weights. At the "
    "start w = ({w1}, {w2}), that is {k} of the {n} points. Where zᵢ ≤ 0 for every point the gradient is exactly 0 "
    "and gradient descent cannot move: the neuron is dead. Its boundary, where ŷ = ½, is the line "
    "w₁x₁ + w₂x₂ = ½.": (
        "ReLU 在 z = 0 处没有导数。和 PyTorch 一样（它的自动求导给出 relu′(0) = 0），本页在那里取 0，所以梯度是 "
        "∇L = (1/n) Σᵢ 2(relu(zᵢ) − yᵢ)·[zᵢ > 0]·xᵢ：只有 zᵢ > 0 的点才会推动权重。在起点 w = ({w1}, {w2})，"
        "这样的点有 {k} 个（共 {n} 个）。如果所有点的 zᵢ ≤ 0，梯度恰好为 0，梯度下降就动不了：这个神经元“死”了。"
        "它的决策边界（ŷ = ½ 处）是直线 w₁x₁ + w₂x₂ = ½。"
    ),
    "These points surround the origin, so the neuron is dead only at w = (0, 0): start there and no run moves.": (
        "这些点分布在原点四周，所以只有在 w = (0, 0) 处神经元才是“死”的：从那里出发，哪次运行都不会动。"
    ),
    "These points all lie on one side of a line through the origin: for the weights pointing away from them every "
    "zᵢ ≤ 0, and a run started there does not move.": (
        "这些点全都位于某条过原点的直线的同一侧：对于背离它们的权重，每个 zᵢ ≤ 0，从那里出发的运行不会动。"
    ),
    "Checking the gradient numerically": "用数值方法检查梯度",
    "The gradient used above is exact, derived by hand. A numerical gradient checks it: nudge each weight by ±h and "
    "divide the change of the loss by 2h, ∂L/∂wᵢ ≈ (L(w + h·eᵢ) − L(w − h·eᵢ))/(2h). It costs two evaluations of "
    "the whole loss per weight, which is why training uses the exact gradient and keeps this for checking it.": (
        "上面用的梯度是手工推导的精确梯度。数值梯度可以检查它：把每个权重挪动 ±h，用损失的变化除以 2h，"
        "∂L/∂wᵢ ≈ (L(w + h·eᵢ) − L(w − h·eᵢ))/(2h)。每个权重都要把整个损失计算两次，所以训练时用精确梯度，"
        "数值梯度只用来检查。"
    ),
    "Step h": "步长 h",
    "Too large: the formula's own error (about h²) shows. Too small: the rounding of L (about 1e-16/h) shows.": (
        "太大：公式本身的误差（约为 h²）显现出来。太小：L 的舍入误差（约为 1e-16/h）显现出来。"
    ),
    "Weight": "权重",
    "Exact ∂L/∂w": "精确的 ∂L/∂w",
    "Central difference": "中心差分",
    "Difference": "差",
    "At the start w = ({w1}, {w2}) with h = {h}: the relative difference is {rel}. Over h = 1e-1 … 1e-12 the "
    "difference is smallest at h = {best} ({err}); larger h let the formula's own error show (and for ReLU the "
    "kinks within ±h), smaller h the rounding of L.": (
        "在起点 w = ({w1}, {w2})，h = {h} 时，相对差为 {rel}。在 h = 1e-1 … 1e-12 中，h = {best} 时差最小"
        "（{err}）；h 更大时公式本身的误差（对 ReLU 还有 ±h 内的折点）显现出来，h 更小时 L 的舍入误差显现出来。"
    ),
    "Size of the difference for every h": "各个 h 下差的大小",
    "difference": "差",
    "the h chosen above": "上面选的 h",
    "‖numerical − exact‖": "‖数值 − 精确‖",
    "Epochs, a validation set and the learning rate": "周期（epoch）、验证集与学习率",
    "Training scripts count in epochs: one epoch is one pass over the training points, shuffled and cut into "
    "mini-batches. Part of the data is held out as a validation set and never trained on; its loss after each epoch "
    "shows how well the neuron does on points it has not seen. The course notes anneal the learning rate in steps "
    "(halve it every 5 epochs, or multiply it by 0.1 every 20) or watch the validation error and multiply η by a "
    "constant such as 0.5 when it stops improving. The step decay and the plateau rule below are PyTorch's "
    "schedulers, step for step, stepped once per epoch.": (
        "训练脚本按周期（epoch）计数：一个周期就是把打乱后的训练点分成小批量、完整地过一遍。一部分数据留作验证集，"
        "从不用于训练；每个周期之后它上面的损失显示神经元在没见过的点上表现如何。课程笔记中的学习率退火，要么随步数"
        "衰减（每 5 个周期减半，或每 20 个周期乘以 0.1），要么观察验证集错误率，在它停止下降时把 η 乘以一个常数"
        "（比如 0.5）。下面的随步数衰减和平台衰减规则与 PyTorch 的学习率退火类（lr_scheduler）逐步一致，"
        "每个周期调用一次。"
    ),
    "**Training**": "**训练**",
    "Epochs": "周期数",
    "Held out for validation": "留作验证集的比例",
    "These points are never trained on; the loss on them after each epoch is the validation loss.": (
        "这些点从不参与训练；每个周期之后在它们上面算出的损失就是验证集损失。"
    ),
    "Batch size": "批大小",
    "Shuffling seed": "打乱顺序的随机种子",
    "Seed of the order of the points in each epoch.": "每个周期中点的顺序所用的随机种子。",
    "Learning-rate rules": "学习率规则",
    "Pick at least one rule": "请至少选择一条规则",
    "Pick at least one learning-rate rule.": "请至少选择一条学习率规则。",
    "**Step decay** (torch.optim.lr_scheduler.StepLR)": "**随步数衰减**（torch.optim.lr_scheduler.StepLR）",
    "Every … epochs (step_size)": "每隔几个周期（step_size）",
    "Multiply η by (gamma)": "η 乘以（gamma）",
    "Halve every 5 epochs": "每 5 个周期减半",
    "×0.1 every 20 epochs": "每 20 个周期乘以 0.1",
    "**Reduce on plateau** (torch.optim.lr_scheduler.ReduceLROnPlateau)": (
        "**验证集不再改善时降低学习率**（torch.optim.lr_scheduler.ReduceLROnPlateau）"
    ),
    "Watch": "观察",
    "validation loss": "验证集损失",
    "validation accuracy": "验证集准确率",
    "Better means (mode)": "更好意味着（mode）",
    "lower (min)": "更低（min）",
    "higher (max)": "更高（max）",
    "Multiply η by (factor)": "η 乘以（factor）",
    "Epochs without improvement allowed (patience)": "允许不改善的周期数（patience）",
    "threshold, cooldown, min_lr, eps": "threshold、cooldown、min_lr、eps",
    "Improvement needed (threshold)": "需要的改善幅度（threshold）",
    "threshold_mode": "threshold_mode",
    "relative (rel)": "相对（rel）",
    "absolute (abs)": "绝对（abs）",
    "Epochs to wait after a cut (cooldown)": "降低之后等待的周期数（cooldown）",
    "Lowest η (min_lr)": "最小的 η（min_lr）",
    "Smallest cut applied (eps)": "最小的有效降幅（eps）",
    "mode={mode} on the {metric}: the rule now waits for it to move the wrong way.": (
        "对{metric}用 mode={mode}：这条规则现在等它往错误的方向变化。"
    ),
    "constant η": "恒定的 η",
    "step decay": "随步数衰减",
    "reduce on plateau": "平台时降低",
    "step decay: ×{gamma} every {s} epochs": "随步数衰减：每 {s} 个周期乘以 {gamma}",
    "reduce on plateau: ×{factor} after {p} epochs without improvement": (
        "平台时降低：连续 {p} 个周期没有改善就乘以 {factor}"
    ),
    "Learning rate and losses, epoch by epoch": "每个周期的学习率和损失",
    "learning rate η": "学习率 η",
    "epoch": "周期",
    "loss (solid: validation, dotted: training)": "损失（实线：验证集，点线：训练集）",
    "the validation metric stopped improving: η is cut here": "验证集指标不再改善：η 在这里降低",
    "training loss": "训练集损失",
    "{n_train} training points in {b} mini-batches per epoch, {n_val} held out for validation.": (
        "{n_train} 个训练点，每个周期分成 {b} 个小批量；{n_val} 个点留作验证集。"
    ),
    "Rule": "规则",
    "Lowest validation loss": "最低的验证集损失",
    "at epoch": "所在周期",
    "Validation loss at the end": "最后的验证集损失",
    "Validation accuracy at the end": "最后的验证集准确率",
    "η in the last epoch": "最后一个周期的 η",
    "η cut after epochs": "在这些周期之后降低 η",
    "Reduce-on-plateau cut η {n} times, after epochs {cuts}. Each cut follows {p} epochs in a row in which the "
    "watched metric did not beat its best by the threshold (bad epochs during a cooldown do not count). With "
    "patience 0, the notes' \"when it stops improving\" taken literally, a noisy validation loss triggers a cut "
    "almost every epoch.": (
        "平台规则把 η 降低了 {n} 次，分别在第 {cuts} 个周期之后。每次降低之前，被观察的指标都已连续 {p} 个周期"
        "没有比最好值好出阈值（冷却期内的坏周期不计）。patience 为 0，也就是按字面理解笔记中的“停止下降”时，"
        "有噪声的验证集损失几乎每个周期都会触发一次降低。"
    ),
    "ebatch={b} is more than the {n} training points; using {v0}.": "ebatch={b} 超过了 {n} 个训练点，改用 {v0}。",
    # ---- page: momentum & ravines (classic Nesterov, μ = 0.5 next to 0.9)
    "The course notes use μ = 0.5 or 0.9. Heavy ball with μ = 0.5 next to μ = {mu}, same η and start:": (
        "课程笔记中 μ 取 0.5 或 0.9。相同的 η 和起点下，μ = 0.5 的重球法与 μ = {mu} 并排比较："
    ),
    "Nesterov, the classic way and PyTorch's": "Nesterov：经典写法与 PyTorch 的写法",
    "Run the classic form next to PyTorch's": "把经典写法和 PyTorch 的写法一起运行",
    "The classic form takes its gradient at the look-ahead point θ + μ·v; PyTorch keeps that point as its "
    "parameters.": "经典写法在前瞻点 θ + μ·v 处计算梯度；PyTorch 把这个点本身存为参数。",
    "PyTorch (nesterov=True): x": "PyTorch（nesterov=True）：x",
    "classic: θ": "经典写法：θ",
    "classic: θ + μ·v": "经典写法：θ + μ·v",
    "classic θ vs PyTorch's x": "经典的 θ 与 PyTorch 的 x",
    "θ + μ·v vs PyTorch's x": "θ + μ·v 与 PyTorch 的 x",
    "Both forms make the same moves, seen from two places. Write x = θ + μ·v for the point where the classic form "
    "takes its gradient and b = −v/η for the velocity: the classic update becomes exactly PyTorch's, "
    "b ← μ·b + ∇f(x), x ← x − η·(∇f(x) + μ·b). So PyTorch's path is the classic look-ahead path θ + μ·v, and θ "
    "itself runs μ·v behind it.": (
        "两种写法走的是同样的步子，只是从两个不同的位置来看。令 x = θ + μ·v（经典写法计算梯度的点），"
        "b = −v/η（速度）：经典写法的更新就恰好变成 PyTorch 的 b ← μ·b + ∇f(x)，x ← x − η·(∇f(x) + μ·b)。"
        "所以 PyTorch 的路径就是经典写法的前瞻点路径 θ + μ·v，而 θ 本身落后它 μ·v。"
    ),
    "With a learning-rate schedule the two part ways, as for the momentum conventions below.": (
        "使用学习率退火时，两者会分道扬镳，和下面的几种动量写法一样。"
    ),
    "Diverged in epoch": "发散于第几个周期",
    "ReLU's output grows with the weights, unlike the sigmoid's, and so does its gradient: the ReLU neuron needs a "
    "smaller η than the sigmoid.": (
        "与 sigmoid 不同，ReLU 的输出随权重增大而增大，梯度也一样：ReLU 神经元需要比 sigmoid 更小的 η。"
    ),
    "Reduce-on-plateau did not cut η in these {n} epochs.": "在这 {n} 个周期中，平台规则没有降低 η。",
    "{run} diverged in epoch {k}; after it the curves and the table repeat its last finite values.": (
        "{run} 在第 {k} 个周期发散；此后曲线和表格重复它最后的有限值。"
    ),
}
