"""Lessons II: the pages "Exponentially weighted averages", "Learning-rate schedules",
"Mini-batches on a real neuron" (with their link notices); the presets are in zh_presets."""

ZH: dict[str, str] = {
    # ---- shared with other pages (same translation everywhere)
    "Surface": "曲面",
    "Quadratic bowl": "二次碗形曲面",
    "Elongated ravine": "狭长沟谷",
    "Steps": "步数",
    "step k": "第 k 步",
    "minimum": "最小值",
    "Run": "运行",
    "Final loss": "最终损失",
    "Path length": "路径长度",
    "Diverged at step": "发散于第几步",
    "no": "否",
    "Metrics": "指标",
    "Seed": "随机种子",
    "Learning rate η (lr)": "学习率 η (lr)",
    "Link problem: {message}": "链接问题：{message}",
    # ---- link notices (lesson2_params)
    "Unknown link parameter {key} ignored.": "未知的链接参数 {key}，已忽略。",
    "Link parameter {key} is too long; using the default.": "链接参数 {key} 过长，改用默认值。",
    "{key}={value!r} is not a number; using {default}.": "{key}={value!r} 不是数字，改用 {default}。",
    "{key}={value} is outside {low}…{high}; using {default}.": (
        "{key}={value} 超出 {low}…{high} 的范围，改用 {default}。"
    ),
    "{key}={value} was rounded to the nearest slider value, {snapped}.": (
        "{key}={value} 已改为最接近的滑块取值 {snapped}。"
    ),
    "{key}={value!r} must be a whole number in [{low}, {high}]; using {default}.": (
        "{key}={value!r} 必须是 [{low}, {high}] 内的整数，改用 {default}。"
    ),
    "{key}={value!r} is not 1 or 0; using {default}.": "{key}={value!r} 不是 1 或 0，改用 {default}。",
    "{key}={value!r} is not one of {choices}; using {default}.": (
        "{key}={value!r} 不在可选值 {choices} 之中，改用 {default}。"
    ),
    "{key}: {values} not among {choices}; ignored.": "{key}：{values} 不在可选值 {choices} 之中，已忽略。",
    "{key}: at most {n} values; kept the first {n}.": "{key}：最多 {n} 个值，只保留前 {n} 个。",
    "{key} is empty; using {default}.": "{key} 为空，改用 {default}。",
    "{key}: {values} not among {choices}; using {default}.": (
        "{key}：{values} 不在可选值 {choices} 之中，改用 {default}。"
    ),
    "batches: {values} not below the {n} data points; dropped.": "batches：{values} 不小于数据点个数 {n}，已去掉。",
    "k={k} is beyond the last step; using {steps}.": "k={k} 超过了最后一步，改用 {steps}。",
    # ---- page: exponentially weighted averages
    "Exponentially weighted averages": "指数加权平均",
    "1. Smoothing a noisy series": "1. 平滑一个带噪声的序列",
    "Each new value Sₜ is mixed into a running average, Vₜ = β·Vₜ₋₁ + (1 − β)·Sₜ, starting from V₀ = 0. "
    "Only one number is stored, however long the series. A larger β keeps more of the past: the curve is "
    "smoother but reacts later.": (
        "每个新值 Sₜ 都被混入一个移动平均：Vₜ = β·Vₜ₋₁ + (1 − β)·Sₜ，从 V₀ = 0 开始。无论序列多长，"
        "都只需要保存一个数。β 越大，保留的过去越多：曲线更平滑，但反应更慢。"
    ),
    "Length of the series": "序列长度",
    "β values": "β 的取值",
    "Compare up to five values of β at once.": "最多同时比较五个 β 值。",
    "Pick at least one β": "请至少选择一个 β",
    "Noise σ": "噪声 σ",
    "Standard deviation of the Gaussian noise added to the cosine.": "加到余弦曲线上的高斯噪声的标准差。",
    "Bias correction Vₜ / (1 − βᵗ)": "偏差修正 Vₜ / (1 − βᵗ)",
    "Divide by 1 − βᵗ to undo the pull towards V₀ = 0 in the first steps.": (
        "除以 1 − βᵗ，消除最初几步里 V₀ = 0 把平均值拉向 0 的影响。"
    ),
    "Seed of the noise: the same seed gives the same series.": "噪声的随机种子：相同的种子得到相同的序列。",
    "Pick at least one β to see its average.": "请至少选择一个 β 来查看它的平均值。",
    "Dotted: without correction. Because V₀ = 0, the first averages are too close to 0 (about a factor "
    "1 − βᵗ too small); dividing by 1 − βᵗ removes that start-up bias, and the correction fades as βᵗ goes "
    "to 0.": (
        "点线：未做修正。由于 V₀ = 0，最初的平均值过于接近 0（大约只有应有值的 1 − βᵗ 倍）；除以 1 − βᵗ 就消除了"
        "这个起步偏差，而随着 βᵗ 趋于 0，修正的作用也逐渐消失。"
    ),
    "Turn on bias correction to see the first steps fixed.": "打开偏差修正，看看最初几步如何被修正。",
    "β": "β",
    "window ≈ 1/(1 − β)": "窗口 ≈ 1/(1 − β)",
    "age where the weight is 1/e": "权重降到 1/e 时相隔的点数",
    "weight of the newest ⌈1/(1 − β)⌉ points": "最新 ⌈1/(1 − β)⌉ 个点的权重之和",
    "RMS error vs the clean cosine": "与无噪声余弦的均方根误差",
    "RMS error, bias-corrected": "均方根误差（偏差修正后）",
    "2. How much each past point counts": "2. 每个过去的点占多少权重",
    "Unrolling the recursion gives Vₜ = Σᵢ (1 − β)·β^(t−i)·Sᵢ: the point of age t − i carries the weight "
    "(1 − β)·β^(t−i), which shrinks by the factor β at every step back. The weights fall to 1/e of the newest "
    "one at age −1/ln β ≈ 1/(1 − β), so the average mostly reflects the last 1/(1 − β) points.": (
        "把递推式展开得到 Vₜ = Σᵢ (1 − β)·β^(t−i)·Sᵢ：与最新一点相隔 t − i 个点的权重是 (1 − β)·β^(t−i)，"
        "每往前一个点就再乘以 β。相隔 −1/ln β ≈ 1/(1 − β) 个点时，权重降到最新一点的 1/e，"
        "所以平均值主要反映最近 1/(1 − β) 个点。"
    ),
    "Log scale": "对数坐标",
    "On a log scale each curve is a straight line of slope ln β.": "在对数坐标下，每条曲线都是斜率为 ln β 的直线。",
    "β = {beta}: weights fall below 1/e after {age} points; the average covers about 1/(1 − β) = {window} "
    "points.": "β = {beta}：{age} 个点之后权重低于 1/e；平均值大约覆盖 1/(1 − β) = {window} 个点。",
    "3. From averages to momentum": "3. 从加权平均到动量",
    "Now average the gradients of plain SGD in a ravine. Across the valley the gradient flips sign at every "
    "step while the run bounces between the walls; along the floor it keeps its sign. The average cancels the "
    "first and keeps the second. Stepping along this average instead of the raw gradient is momentum.": (
        "现在对沟谷中普通 SGD 的梯度做加权平均。横跨沟谷的方向上，参数在两侧谷壁之间来回弹跳，梯度每一步都变号；"
        "沿着谷底的方向，梯度的符号保持不变。平均之后，前者相互抵消，后者得以保留。"
        "沿着这个平均值而不是原始梯度走一步，就是动量法。"
    ),
    "Steepness of the walls κ": "谷壁陡峭程度 κ",
    "Curvature across the valley (1 along the floor).": "横跨沟谷方向的曲率（沿谷底方向为 1）。",
    "β of the average": "平均的 β",
    "SGD, η={lr}": "SGD，η={lr}",
    "steps along the average (EWMA momentum), η={lr}, β={beta}": "沿平均值前进（指数加权平均动量），η={lr}，β={beta}",
    "torch SGD, η={lr}, momentum={beta}": "torch SGD，η={lr}，momentum={beta}",
    "Across the valley the average keeps **{steep}** of the raw gradient's size; along the floor **{shallow}**.": (
        "横跨沟谷的方向上，平均值只保留了原始梯度大小的 **{steep}**；沿谷底方向保留了 **{shallow}**。"
    ),
    "Above: the run that steps along the average of its own gradients (momentum in the course notes' form, "
    "x ← x − η·Vₜ) stops zig-zagging. torch.optim.SGD(momentum=β) keeps the buffer bₜ = β·bₜ₋₁ + gₜ, which "
    "is exactly this average times 1/(1 − β) = {window}: the same direction with steps up to {window} times "
    "longer, so with the same η it also travels the floor much faster.": (
        "上图：沿自身梯度的加权平均前进的那次运行（课程笔记中的动量形式，x ← x − η·Vₜ）不再来回震荡。"
        "torch.optim.SGD(momentum=β) 保存的动量缓冲区 bₜ = β·bₜ₋₁ + gₜ 恰好等于这个平均值乘以 1/(1 − β) = {window}："
        "方向相同，步长最多长 {window} 倍，所以在同样的 η 下它沿谷底走得快得多。"
    ),
    # ---- page: learning-rate schedules
    "Learning-rate schedules": "学习率退火",
    "Noisy SGD run": "带噪声的 SGD",
    "Initial learning rate η₀ (lr)": "初始学习率 η₀ (lr)",
    "Gradient noise σ": "梯度噪声 σ",
    "Each update uses ∇f + σ·ε with ε ~ N(0, I), the same ε for every schedule.": (
        "每次更新使用 ∇f + σ·ε，其中 ε ~ N(0, I)，所有退火方式使用相同的 ε。"
    ),
    "Seed of the noise: every schedule sees the same noise.": "噪声的随机种子：所有退火方式看到的是同一组噪声。",
    "Schedules": "退火方式",
    "Schedules to compare": "要比较的退火方式",
    "Pick at least one schedule": "请至少选择一种退火方式",
    "Step decay: every s updates": "随步数衰减：每 s 次更新",
    "Step decay: factor γ": "随步数衰减：衰减因子 γ",
    "Exponential decay: rate k": "指数衰减：衰减率 k",
    "1/t decay: rate k": "1/t 衰减：衰减率 k",
    "Cosine: length T": "余弦退火：总长度 T",
    "Cosine: final η_min": "余弦退火：最终学习率 η_min",
    "Constant": "常数学习率",
    "Step decay": "随步数衰减",
    "Exponential decay": "指数衰减",
    "1/t decay": "1/t 衰减",
    "Cosine annealing": "余弦退火",
    "ηₜ = η₀": "ηₜ = η₀",
    "ηₜ = η₀·γ^⌊t/s⌋ with s = {s}, γ = {gamma}": "ηₜ = η₀·γ^⌊t/s⌋，其中 s = {s}，γ = {gamma}",
    "ηₜ = η₀·e^(−k·t) with k = {k}": "ηₜ = η₀·e^(−k·t)，其中 k = {k}",
    "ηₜ = η₀/(1 + k·t) with k = {k}": "ηₜ = η₀/(1 + k·t)，其中 k = {k}",
    "ηₜ = η_min + ½(η₀ − η_min)(1 + cos(π·min(t, T)/T)) with T = {T}, η_min = {eta_min}": (
        "ηₜ = η_min + ½(η₀ − η_min)(1 + cos(π·min(t, T)/T))，其中 T = {T}，η_min = {eta_min}"
    ),
    "With noisy gradients a fixed learning rate sets a floor: near the minimum the true gradient is small but "
    "the noise is not, so every step still kicks the point by about η·σ and the run keeps circling. A schedule "
    "lowers η as training goes on; the kicks shrink with it and the run settles.": (
        "梯度带噪声时，固定的学习率会留下一个下限：在最小值附近真实梯度很小，但噪声并不小，每一步仍会把点推开大约 η·σ，"
        "于是它一直在最小值周围打转。学习率退火让 η 随训练逐渐变小，噪声造成的扰动也随之变小，点就稳定下来了。"
    ),
    "Pick at least one schedule in the sidebar.": "请在侧边栏中至少选择一种退火方式。",
    "Log scale, smoothed with an exponentially weighted average (β = 0.95) because every step is noisy. The "
    "constant lr levels off at its noise floor; the decaying schedules keep going down while their lr shrinks. "
    "Decay too fast and the run freezes before it arrives.": (
        "对数坐标；由于每一步都有噪声，曲线用指数加权平均（β = 0.95）做了平滑。常数学习率停在它的噪声下限上；"
        "衰减的退火方式随着学习率变小而继续下降。衰减得太快，运行会在到达之前就停住。"
    ),
    "Schedule": "退火方式",
    "Final lr": "最终学习率",
    "Final distance to the minimum": "最终到最小值的距离",
    "Mean distance, last 20 % of steps": "最后 20% 步的平均距离",
    "The mean distance over the last steps measures how tightly each run settled around the minimum.": (
        "最后若干步的平均距离衡量了每次运行在最小值附近稳定得有多紧。"
    ),
    # ---- page: the neuron
    "Mini-batches on a real neuron": "真实神经元上的小批量",
    "Data": "数据",
    "Loss": "损失函数",
    "mean squared error": "均方误差",
    "cross-entropy": "交叉熵",
    "Number of points n": "数据点个数 n",
    "Distance between the clusters": "两个簇之间的距离",
    "0: the classes overlap completely; larger: easier to separate.": "0：两类完全重叠；越大越容易分开。",
    "Data seed": "数据的随机种子",
    "Seed of the data set: the same seed, the same points.": "数据集的随机种子：相同的种子，相同的数据点。",
    "Training": "训练",
    "Start w₁": "起点 w₁",
    "Start w₂": "起点 w₂",
    "Batch sizes B": "批大小 B",
    "Points per gradient step. Each size adds a plain SGD run.": (
        "每次梯度更新使用的数据点个数。每个批大小对应一次普通 SGD 运行。"
    ),
    "Pick at least one batch size": "请至少选择一个批大小",
    "full batch (GD)": "全批量（梯度下降）",
    "Momentum μ (momentum)": "动量 μ (momentum)",
    "Above 0, every mini-batch size also gets a run of SGD with this momentum.": (
        "大于 0 时，每个批大小还会增加一次带这个动量的 SGD 运行。"
    ),
    "Momentum runs use lr·(1 − μ)": "动量运行使用 lr·(1 − μ)",
    "The same step as plain SGD once the velocity has built up, so the comparison shows only the averaging.": (
        "速度建立起来之后，步长与普通 SGD 相同，因此比较中只体现平均的作用。"
    ),
    "Mini-batch seed": "小批量的随机种子",
    "Seed of the mini-batch sampling.": "小批量抽样的随机种子。",
    "GD, full batch ({n} points), η={lr}": "梯度下降，全批量（{n} 个点），η={lr}",
    "SGD, batch {b}, η={lr}": "SGD，批大小 {b}，η={lr}",
    "SGD+momentum {mu}, batch {b}, η={lr}": "SGD+动量 {mu}，批大小 {b}，η={lr}",
    "Show the decision boundary after step k": "显示第 k 步之后的决策边界",
    "Mean distance to w*, second half": "后半程到 w* 的平均距离",
    "Accuracy at the end": "最终准确率",
    "Step alignment": "步进方向一致度",
    "Step alignment: the mean cosine between each step and the steepest way down the full-data loss (1: always "
    "straight downhill; 0: no better than a random direction). Mini-batch noise lowers it; momentum raises it "
    "again, because its velocity is an average of many mini-batch gradients.": (
        "步进方向一致度：每一步与全数据损失最速下降方向之间夹角余弦的平均值（1：始终笔直下坡；0：不比随机方向好）。"
        "小批量噪声会降低它；动量会把它重新提高，因为动量的速度是许多小批量梯度的平均。"
    ),
    "One sigmoid neuron ŷ = σ(w₁x₁ + w₂x₂) (no bias) learns to separate two clusters of points. Its loss over "
    "the whole data set is a surface over the two weights (w₁, w₂). A mini-batch step sees only B random "
    "points, so its gradient is a noisy estimate of the true one: B = 1 is pure SGD, the full batch is plain "
    "gradient descent.": (
        "一个 sigmoid 神经元 ŷ = σ(w₁x₁ + w₂x₂)（没有偏置）学习把两簇点分开。它在整个数据集上的损失是两个权重 "
        "(w₁, w₂) 上的一个曲面。小批量的一步只看到 B 个随机的点，所以它的梯度是真实梯度的带噪声估计："
        "B = 1 就是纯随机梯度下降，全批量就是普通的梯度下降。"
    ),
    "Pick at least one batch size in the sidebar.": "请在侧边栏中至少选择一个批大小。",
    "Left: each line is the boundary w₁x₁ + w₂x₂ = 0 of one run after step k; points on the side w points to "
    "get ŷ > ½. Right: the exact loss over all points, the same surface for every run; the dots mark step k.": (
        "左图：每条线是一次运行在第 k 步之后的决策边界 w₁x₁ + w₂x₂ = 0；落在 w 所指一侧的点得到 ŷ > ½。"
        "右图：所有数据点上的精确损失，每次运行都是同一个曲面；圆点标出第 k 步的位置。"
    ),
    "Momentum averages the mini-batch noise": "动量平均掉小批量噪声",
    "Momentum's velocity is a running average of the mini-batch gradients (section 3 of the exponentially "
    "weighted averages page). Their noise points in a different random direction at every step and partly "
    "cancels in the average, while the true gradient, the same at every step, adds up. The momentum path is "
    "therefore smoother and its steps point more consistently downhill. At the same effective step it does not "
    "shrink the cloud around the minimum: for that, lower η or take larger batches.": (
        "动量的速度是小批量梯度的移动平均（见“指数加权平均”页面的第 3 节）。噪声每一步都指向不同的随机方向，"
        "在平均中部分相互抵消；而真实梯度每一步都相同，会不断累积。因此动量的路径更平滑，每一步也更一致地指向下坡。"
        "但在相同的有效步长下，它并不会缩小最小值周围那团点的范围：要做到这一点，需要减小 η 或者增大批大小。"
    ),
    # ---- figures (lesson2_figures)
    "noisy series Sₜ": "带噪声的序列 Sₜ",
    "cosine without noise": "无噪声的余弦",
    "{beta}, bias-corrected": "{beta}，偏差修正后",
    "{beta}, no correction": "{beta}，未修正",
    "corrected": "修正后",
    "Vₜ = β·Vₜ₋₁ + (1 − β)·Sₜ on a noisy cosine": "带噪声余弦上的 Vₜ = β·Vₜ₋₁ + (1 − β)·Sₜ",
    "t": "t",
    "value": "值",
    "age {age}: weight {weight}": "相隔 {age} 个点：权重 {weight}",
    "1/e at {age}": "{age} 处降到 1/e",
    "{beta}: the weight is 1/e of the newest at age {age} (≈ 1/(1 − β) = {window})": (
        "{beta}：相隔 {age} 个点时，权重降到最新一点的 1/e（≈ 1/(1 − β) = {window}）"
    ),
    "Weight of each past point in Vₜ: (1 − β)·β^(t−i)": "Vₜ 中每个过去点的权重：(1 − β)·β^(t−i)",
    "age of the point, t − i (0 = newest)": "与最新一点相隔的点数 t − i（0 = 最新）",
    "weight": "权重",
    "step {k}": "第 {k} 步",
    "Paths in the ravine": "沟谷中的路径",
    "(along the floor)": "（沿谷底）",
    "(across the valley)": "（横跨沟谷）",
    "across the valley (steep): ∂f/∂y": "横跨沟谷（陡峭方向）：∂f/∂y",
    "along the floor (shallow): ∂f/∂x": "沿着谷底（平缓方向）：∂f/∂x",
    "raw gradient gₜ": "原始梯度 gₜ",
    "EWMA of the gradients, {beta}": "梯度的指数加权平均，{beta}",
    "step t": "第 t 步",
    "Learning rate ηₜ of each schedule": "各退火方式的学习率 ηₜ",
    "update t": "第 t 次更新",
    "last step": "最后一步",
    "Around the minimum: the second half of each run": "最小值附近：每次运行的后半程",
    "Distance to the minimum, averaged over ≈{n} steps": "到最小值的距离（约 {n} 步的平均）",
    "distance (log)": "距离（对数）",
    "label {label}": "标签 {label}",
    "best weights w*": "最优权重 w*",
    "Data and decision boundaries after step {k}": "第 {k} 步之后的数据与决策边界",
    "start": "起点",
    "Full-data loss L(w₁, w₂) and the paths": "全数据损失 L(w₁, w₂) 与路径",
    "Full-data loss after each step": "每一步之后的全数据损失",
    "loss": "损失",
}
