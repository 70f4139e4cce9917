"""The lesson presets: the gallery page, and every preset's title and caption. A caption quotes the
numbers of its run; its translation quotes exactly the same numbers (checked by the tests)."""

ZH: dict[str, str] = {
    # ---- the gallery
    "Lesson presets": "课程预设",
    "Each picture is a figure of the course, drawn from the run it opens: click it to open that page in the "
    "prepared state. The link holds the whole setting, so you can share it or put it on a slide; everything "
    "stays adjustable once it is open.": (
        "每张小图都是课程中的一幅图，由它所打开的那次运行画出：点击小图，就会以预先设置好的状态打开对应的页面。"
        "链接包含全部设置，可以分享或放进幻灯片；打开之后所有参数仍然可以调整。"
    ),
    "Open the preset “{title}”": "打开预设“{title}”",
    "Opens: {page}": "打开：{page}",
    "Open this preset": "打开这个预设",
    "Link to share": "分享链接",
    "Optimizer playground": "优化器试验场",
    # ---- learning rate and momentum
    "Learning rate too small, right, too large": "学习率太小、合适、太大",
    "Three SGD runs on a bowl whose curvatures are 1 and 10. η = 0.02 is safe but slow (still 0.33 from the "
    "minimum after 100 steps); η = 0.18 is close to the best 2/(1 + 10) and ends within 1e-8 of it; η = 0.22 is "
    "above the stability limit 2/10, so every step across the bowl overshoots further and the run diverges at "
    "step 72.": (
        "在曲率分别为 1 和 10 的碗形曲面上运行三次 SGD。η = 0.02 稳定但很慢（100 步之后离最小值仍有 0.33）；"
        "η = 0.18 接近最优值 2/(1 + 10)，最终离最小值不到 1e-8；η = 0.22 超过了稳定上限 2/10，"
        "每一步横跨碗底时都冲过头更远，运行在第 72 步发散。"
    ),
    "SGD vs momentum in a ravine": "沟谷中的 SGD 与动量",
    "Plain SGD (η = 0.019) bounces between the steep walls of a narrow valley (κ = 100) and crawls along its "
    "flat floor. Momentum 0.9 (η = 0.004) averages the gradients: the bouncing cancels and the push along the "
    "floor adds up to an effective step η/(1 − μ) = 0.04. After 150 steps it is 0.00017 from the minimum, plain "
    "SGD 0.25.": (
        "普通 SGD（η = 0.019）在狭窄沟谷（κ = 100）的陡峭谷壁之间来回弹跳，沿平坦的谷底缓慢爬行。"
        "动量 0.9（η = 0.004）对梯度做平均：来回弹跳相互抵消，沿谷底的推动不断累积，有效步长达到 "
        "η/(1 − μ) = 0.04。150 步之后它离最小值只有 0.00017，普通 SGD 还有 0.25。"
    ),
    "Momentum μ = 0.5 vs μ = 0.9": "动量 μ = 0.5 与 μ = 0.9",
    "Two heavy-ball runs on the ravine with the same η = 0.01 and the two values of μ the course notes name. "
    "Along the floor the velocity adds up to a step of η/(1 − μ), 0.02 against 0.1: after 150 steps μ = 0.5 is "
    "still 0.21 from the minimum and μ = 0.9 only 0.0019. The larger μ also carries the point past the minimum: "
    "it crosses it 4 times along the floor, μ = 0.5 never.": (
        "在沟谷上运行两次重球法，η 同为 0.01，μ 取课程笔记给出的两个值。沿谷底方向，速度累积成 η/(1 − μ) 的步长，"
        "分别是 0.02 和 0.1：150 步之后 μ = 0.5 离最小值仍有 0.21，μ = 0.9 只有 0.0019。"
        "但较大的 μ 也会把点带过最小值：它沿谷底 4 次越过最小值，μ = 0.5 一次也没有。"
    ),
    "Three ways to write momentum, one path": "动量的三种写法，同一条路径",
    "CS231n's v = μv − ηg, PyTorch's buffer and the course notes' exponentially weighted average, run together on "
    "the ravine. With a constant learning rate CS231n walks exactly PyTorch's path, and the average does too once "
    "its learning rate is divided by 1 − β.": (
        "CS231n 的 v = μv − ηg、PyTorch 的动量缓冲区和课程笔记中的指数加权平均在同一个沟谷上一起运行。"
        "学习率不变时，CS231n 与 PyTorch 走的是完全相同的路径；"
        "把指数加权平均的学习率除以 1 − β 之后，它也走同一条路径。"
    ),
    "Momentum overshoot vs Nesterov": "动量冲过头与 Nesterov",
    "Heavy-ball momentum and Nesterov with the same η = 0.05 and μ = 0.9 on a bowl whose curvatures are 1 and "
    "10. Nesterov takes the gradient where the momentum is about to carry it and brakes earlier: its first "
    "overshoot past the minimum is 0.86 instead of 1.19 along x and 0.81 instead of 1.68 along y, yet both runs "
    "cross the minimum about as often (7 times along x, 24 and 25 times along y). After 100 steps Nesterov is "
    "0.00099 from the minimum, heavy ball 0.014.": (
        "重球动量与 Nesterov 使用相同的 η = 0.05 和 μ = 0.9，在曲率分别为 1 和 10 的碗形曲面上运行。"
        "Nesterov 在动量即将把它带到的位置计算梯度，因此刹车更早：它第一次冲过头越过最小值的幅度，"
        "沿 x 方向是 0.86 而不是 1.19，沿 y 方向是 0.81 而不是 1.68；但两次运行越过最小值的次数差不多"
        "（沿 x 方向都是 7 次，沿 y 方向分别是 24 次和 25 次）。100 步之后 Nesterov 离最小值 0.00099，"
        "重球法还有 0.014。"
    ),
    "Nesterov's look-ahead, step by step": "Nesterov 的前瞻，一步一步看",
    "Heavy ball, Nesterov and plain SGD on the ravine, with update 5 of Nesterov drawn the classic way. The momentum "
    "jump comes first and the gradient is taken where it lands; the heavy ball takes its gradient before the jump.": (
        "在沟谷上运行重球法、Nesterov 和普通 SGD，并按经典写法画出 Nesterov 的第 5 次更新。"
        "它先做动量跳跃，再在落点处计算梯度；重球法则在跳跃之前计算梯度。"
    ),
    # ---- exponentially weighted averages
    "Exponentially weighted averages: β = 0.5, 0.9, 0.98": "指数加权平均：β = 0.5、0.9、0.98",
    "The same noisy cosine averaged with β = 0.5, 0.9 and 0.98, that is over about 1/(1 − β) = 2, 10 and 50 "
    "points. A larger β gives a smoother curve that lags further behind: its RMS error from the clean cosine "
    "grows from 0.30 to 0.33 and 0.61 (bias-corrected). Without bias correction (dotted) the averages start at "
    "(1 − β)·S₁, only 0.021 for β = 0.98, while the corrected ones start at S₁ = 1.06.": (
        "用 β = 0.5、0.9 和 0.98 对同一条带噪声的余弦曲线求平均，也就是大约对 1/(1 − β) = 2、10 和 50 个点求平均。"
        "β 越大，曲线越平滑，但也越滞后：与无噪声余弦的均方根误差从 0.30 增加到 0.33 和 0.61（偏差修正后）。"
        "没有偏差修正时（点线），平均值从 (1 − β)·S₁ 开始，β = 0.98 时只有 0.021，而修正后的曲线从 S₁ = 1.06 开始。"
    ),
    "The 1/e window of an average": "平均值的 1/e 窗口",
    "In Vₜ each past point carries the weight (1 − β)·β^age (the page's second figure). It falls to 1/e of the "
    "newest weight at age −1/ln β: 1.44 points for β = 0.5, 9.49 for 0.9 and 49.5 for 0.98, close to "
    "1/(1 − β) = 2, 10 and 50. The newest ⌈1/(1 − β)⌉ points carry 75 %, 65 % and 64 % of the whole weight, "
    "near 1 − 1/e = 63 %.": (
        "在 Vₜ 中，每个过去的点的权重是 (1 − β)·β^k，k 是它与最新一点相隔的点数（页面上的第二幅图）。"
        "相隔 −1/ln β 个点时，权重降到最新一点的 1/e：β = 0.5 时是 1.44 个点，0.9 时是 9.49 个，0.98 时是 49.5 个，"
        "与 1/(1 − β) = 2、10、50 相近。最新的 ⌈1/(1 − β)⌉ 个点分别占全部权重的 75 %、65 % 和 64 %，"
        "接近 1 − 1/e = 63 %。"
    ),
    "Averages of gradients become momentum": "梯度的平均变成动量",
    "Plain SGD with η = 0.035 bounces between the walls of a ravine 55 times steeper across than along; the "
    "exponentially weighted average of its gradients (β = 0.9) keeps 5 % of their size across the valley and "
    "94 % along the floor (the page's third part). A run that steps along that average stops zig-zagging and "
    "after 60 steps is 0.27 from the minimum, SGD 0.53. torch's momentum sums instead of averaging, takes "
    "steps 1/(1 − β) = 10 times longer and gets to 0.016.": (
        "普通 SGD（η = 0.035）在一条横跨方向曲率是沿谷底方向 55 倍的沟谷中，在两侧谷壁之间来回弹跳；"
        "它的梯度的指数加权平均（β = 0.9）在横跨沟谷方向只保留梯度大小的 5 %，沿谷底方向保留 94 %（见页面第三部分）。"
        "沿这个平均值前进的运行不再走锯齿，60 步之后离最小值 0.27，SGD 还有 0.53。"
        "torch 的动量求的是和而不是平均，步长是它的 1/(1 − β) = 10 倍，最终离最小值 0.016。"
    ),
    # ---- learning-rate annealing
    "Schedules taming noisy SGD": "用学习率退火驯服带噪声的 SGD",
    "Each step of SGD uses a noisy gradient (σ = 1). With the constant η = 0.2 the run keeps circling the "
    "minimum, on average 0.40 away over the last 100 of 500 updates; every decaying schedule shrinks the "
    "steps, so the same noise moves the point less, and they settle 0.060 to 0.11 away.": (
        "SGD 的每一步都使用带噪声的梯度（σ = 1）。学习率固定为 η = 0.2 时，运行一直在最小值周围打转，"
        "在 500 次更新的最后 100 次里平均相距 0.40；每一种衰减的退火方式都会缩小步长，同样的噪声对点的扰动就更小，"
        "它们最终稳定在相距 0.060 到 0.11 的地方。"
    ),
    "Step decay from the notes: halve every 5 epochs": "笔记中的随步数衰减：每 5 个周期减半",
    "The notes' first rule, halve η every 5 epochs, counting each update as an epoch: η = 0.2 falls to "
    "0.2/1024 after 50 updates. The noise is tamed but the run also stops moving: from update 40 on it stays "
    "0.17 from the minimum, while the constant η circles 0.39 away on average. Where it freezes depends on "
    "the noise of its first updates (try other seeds): the notes' epochs hold many updates each.": (
        "笔记中的第一条规则：每 5 个周期把 η 减半，这里把每次更新当作一个周期：η = 0.2 在 50 次更新后降到 0.2/1024。"
        "噪声被压住了，但运行也不再移动：从第 40 次更新起，它一直停在离最小值 0.17 的地方，"
        "而固定的 η 平均在 0.39 处打转。它停在哪里取决于最初几次更新的噪声（换几个随机种子试试）："
        "笔记中的一个周期包含许多次更新。"
    ),
    "Step decay from the notes: × 0.1 every 20 epochs": "笔记中的随步数衰减：每 20 个周期乘以 0.1",
    "The notes' second rule, η × 0.1 every 20 epochs, counting each update as an epoch: 20 updates at η = 0.2 "
    "bring the run to its noise floor, then every drop to a tenth freezes it more. It ends 0.30 from the "
    "minimum, against 0.39 on average for the constant η: at η = 0.02 the bowl pulls the point in by only 2 % "
    "per update, too little to help within 20 updates.": (
        "笔记中的第二条规则：每 20 个周期把 η 乘以 0.1，这里把每次更新当作一个周期：以 η = 0.2 更新 20 次后，"
        "运行到达噪声下限，之后每降到十分之一，它就被冻结得更牢。最终它离最小值 0.30，而固定 η 的运行平均相距 0.39："
        "η = 0.02 时碗形曲面每次更新只把点往里拉 2 %，20 次更新之内帮不上什么忙。"
    ),
    "Exponential and 1/t decay": "指数衰减与 1/t 衰减",
    "The notes' two formulas, α = α₀·e^(−kt) with k = 0.006 and α = α₀/(1 + kt) with k = 0.03, both take η "
    "from 0.2 to about 0.01 in 500 updates (0.010 and 0.0125). Over the last 100 updates these runs stay "
    "0.092 and 0.094 from the minimum on average, about four times closer than the constant η's 0.40.": (
        "笔记中的两个公式，α = α₀·e^(−kt)（k = 0.006）和 α = α₀/(1 + kt)（k = 0.03），都在 500 次更新内"
        "把 η 从 0.2 降到约 0.01（分别为 0.010 和 0.0125）。在最后 100 次更新里，这两次运行离最小值的平均距离"
        "是 0.092 和 0.094，大约只有固定 η 时 0.40 的四分之一。"
    ),
    # ---- mini-batches and adaptive steps
    "Mini-batch size 1 vs 32 vs full batch on a neuron": "神经元上批大小 1、32 与全批量的比较",
    "One sigmoid neuron, 40 data points, the same η = 2 for every run. With one point per step the steps "
    "point downhill no better than chance (step alignment −0.08) and the weights wander, 1.5 from the best w* "
    "on average over the second half; 32 points give a much better estimate (alignment 0.42, 0.056 from w*). "
    "The full batch is plain gradient descent on the loss surface drawn (alignment 1.00).": (
        "一个 sigmoid 神经元，40 个数据点，每次运行的 η 都是 2。每步只用一个点时，每一步并不比随机方向更朝向下坡"
        "（步进方向一致度 −0.08），权重四处游走，后半程平均离最优权重 w* 1.5；"
        "用 32 个点得到的估计要好得多（一致度 0.42，离 w* 0.056）。"
        "全批量就是在图中损失曲面上的普通梯度下降（一致度 1.00）。"
    ),
    "Adagrad's shrinking steps vs RMSprop on a long valley": "狭长沟谷中 Adagrad 不断缩小的步长与 RMSprop",
    "Adagrad divides each step by the root of the sum of all past squared gradients; the sum only grows, so "
    "its steps along the flat floor shrink, from 0.013 per step over steps 50 to 100 to 0.0061 over the last "
    "100. RMSprop divides by a moving average instead, which forgets the large first gradients: it moves "
    "0.018 per step over steps 50 to 100 and ends 0.21 from the minimum, Adagrad 1.1.": (
        "Adagrad 把每一步除以过去所有梯度平方和的平方根；这个和只增不减，所以它沿平坦谷底的步长不断缩小："
        "第 50 到 100 步平均每步 0.013，最后 100 步只有 0.0061。RMSprop 改为除以移动平均，"
        "它会忘掉开头那些很大的梯度：第 50 到 100 步平均每步 0.018，最终离最小值 0.21，Adagrad 还有 1.1。"
    ),
    "Adam with and without bias correction": "有偏差修正与没有偏差修正的 Adam",
    "Adam as torch runs it next to the same Adam without bias correction, the form of the course notes' "
    "code (η = 0.1, β₁ = 0.9, β₂ = 0.999). The averages m and v start at zero: corrected, the first step "
    "moves each coordinate by exactly η (length 0.14), uncorrected it is 0.1/√0.001 ≈ 3.16 times longer "
    "(0.45) and the steps keep growing, to 0.72 at step 4. The uncorrected run crosses the minimum 8 times "
    "along x, the corrected one 3 times.": (
        "torch 的 Adam 与不做偏差修正的同一个 Adam（课程笔记代码中的写法）一起运行（η = 0.1，β₁ = 0.9，β₂ = 0.999）。"
        "平均值 m 和 v 都从零开始：做了修正时，第一步在每个坐标上恰好移动 η（长度 0.14）；不修正时，第一步的长度"
        "是修正时的 0.1/√0.001 ≈ 3.16 倍（0.45），而且步长还在变大，第 4 步达到 0.72。"
        "不修正的运行沿 x 方向 8 次越过最小值，修正后的只有 3 次。"
    ),
    "Adam vs SGD on Rosenbrock": "Rosenbrock 函数上的 Adam 与 SGD",
    "Rosenbrock's valley has steep walls and a flat, curved floor. SGD with η = 0.001 zig-zags between the "
    "walls and creeps along the floor: after 500 steps it is still 2.3 from the minimum. Adam (η = 0.1) "
    "rescales each coordinate and travels the curved floor: 0.23 from the minimum after 500 steps, and still "
    "getting closer.": (
        "Rosenbrock 函数的山谷谷壁陡峭、谷底平坦而弯曲。η = 0.001 的 SGD 在两侧谷壁之间来回震荡，"
        "沿谷底缓慢前进：500 步之后离最小值仍有 2.3。Adam（η = 0.1）对每个坐标分别缩放，沿弯曲的谷底前进："
        "500 步之后离最小值 0.23，而且还在继续靠近。"
    ),
    "All optimizers escaping a saddle point": "所有优化器逃离鞍点",
    "Every run starts at (−1.8, 0.01), almost on the ridge of f = x² − y², where the gradient across it is "
    "tiny. Adagrad and RMSprop divide that tiny gradient by its own size and leave the window within 5 steps; "
    "NAdam, Nesterov, Adam and momentum take 17 to 21 steps, Adadelta, whose first steps are tiny, 47, and "
    "plain SGD 56.": (
        "每次运行都从 (−1.8, 0.01) 出发，几乎就在 f = x² − y² 的脊线上，那里横跨脊线方向的梯度非常小。"
        "Adagrad 和 RMSprop 用梯度自身的大小去除这个微小的梯度，5 步之内就离开了视图范围；"
        "NAdam、Nesterov、Adam 和动量需要 17 到 21 步，最初几步非常小的 Adadelta 需要 47 步，普通 SGD 需要 56 步。"
    ),
    # ---- many runs at once
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
