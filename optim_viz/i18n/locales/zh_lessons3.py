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
        "输入几个数，比较它们的指数加权平均和普通的算术平均。算术平均要把每个数都保存下来；滑动的加权平均只需要"
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
        "只会越来越小。**RMSprop** 改用梯度平方的滑动平均：它会忘掉旧的梯度，步长跟着最近的梯度走。"
        "**Adadelta** 还用它自己过去步长的滑动平均的平方根取代了全局学习率。**Adam** 就是 RMSprop 的平均再加上"
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
        "Adagrad 的和只会增大。滑动平均在梯度大时上升，梯度变小后又回落。Adadelta 的第二条线是它自己步长平方的"
        "平均：它从 0 开始，所以最初的步子非常小（约为 √ε/√v）。"
    ),
    "Effective step size of each coordinate, η_eff (log scale)": "每个坐标的有效步长 η_eff（对数坐标）",
    "η_eff": "η_eff",
    "coordinate {c}": "坐标 {c}",
    "What each method accumulates, per coordinate (log scale)": "各方法逐坐标累积的量（对数坐标）",
    "Adagrad: sum of g²": "Adagrad：g² 之和",
    "RMSprop: moving average of g²": "RMSprop：g² 的滑动平均",
    "Adadelta: moving average of g²": "Adadelta：g² 的滑动平均",
    "Adadelta: moving average of its squared steps": "Adadelta：自身步长平方的滑动平均",
    "Adam: v, moving average of g²": "Adam：v，g² 的滑动平均",
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
        "Adagrad 的和，v 是 g² 的滑动平均，u 是 Adadelta 步长平方的平均，m 是 Adam 对 g 的平均。"
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
}
