"""Lessons I: the pages "Momentum & ravines", "Hyperparameter map" and "Optimizer race"."""

ZH: dict[str, str] = {
    # ---- shared: surfaces, optimizers and their hyperparameters
    "Surface": "曲面",
    "Custom formula": "自定义公式",
    "{name}: {doc}": "{name}：{doc}",
    "{name} — {doc}": "{name} — {doc}",
    "Quadratic bowl": "二次碗形曲面",
    "curvature along x": "x 方向的曲率",
    "curvature along y": "y 方向的曲率",
    "Elongated ravine": "狭长沟谷",
    "condition number κ": "条件数 κ",
    "rotation of the valley in degrees": "沟谷的旋转角度（度）",
    "Rosenbrock's banana": "Rosenbrock 香蕉函数",
    "position of the minimum (a, a²)": "最小值的位置 (a, a²)",
    "steepness of the valley walls": "谷壁的陡峭程度",
    "Beale": "Beale 函数",
    "Himmelblau": "Himmelblau 函数",
    "Rastrigin": "Rastrigin 函数",
    "depth of the ripples": "波纹的深度",
    "Saddle": "鞍面",
    "Booth": "Booth 函数",
    "Six-hump camel": "六峰驼背函数",
    "A neuron's loss": "单个神经元的损失",
    "number of data points": "数据点的个数",
    "seed of the data set": "数据集的随机种子",
    "distance between the cluster centres": "两个簇中心之间的距离",
    "loss function": "损失函数",
    "SGD": "SGD",
    "SGD+momentum": "SGD+动量",
    "SGD+Nesterov": "SGD+Nesterov",
    "Momentum (EWMA form)": "动量（指数加权平均形式）",
    "Adagrad": "Adagrad",
    "RMSprop": "RMSprop",
    "Adadelta": "Adadelta",
    "Adam": "Adam",
    "AdamW": "AdamW",
    "NAdam": "NAdam",
    "learning rate": "学习率",
    "momentum factor": "动量系数",
    "dampening for momentum": "动量的阻尼系数",
    "use Nesterov momentum": "使用 Nesterov 动量",
    "L2 penalty added to the gradient": "加到梯度上的 L2 惩罚",
    "maximize the objective: the gradient's sign is flipped first": "最大化目标函数：先把梯度取反",
    "weight of the running average of gradients": "梯度移动平均的权重",
    "divide the average by 1 − β^t": "把平均值除以 1 − β^t",
    "learning-rate decay": "学习率衰减",
    "term added to the denominator": "加到分母上的小常数",
    "starting value of the sum of g²": "g² 累加和的初始值",
    "smoothing constant of the g² average": "g² 平均的平滑常数",
    "normalise by the estimated variance of the gradient": "用梯度方差的估计值做归一化",
    "coefficient of the running averages": "移动平均的系数",
    "term added inside the roots": "加在根号内的小常数",
    "coefficients of the running averages of g and g²": "g 与 g² 移动平均的系数",
    "use the maximum of past squared-gradient averages (AMSGrad)": "使用历史梯度平方平均的最大值（AMSGrad）",
    "apply weight decay as in AdamW": "像 AdamW 那样施加权重衰减",
    "divide the moments by 1 − β^t (torch always does)": "把矩估计除以 1 − β^t（torch 总是这样做）",
    "decoupled weight decay": "解耦的权重衰减",
    "momentum decay ψ": "动量衰减 ψ",
    "β₁: weight of the running average of g": "β₁：g 的移动平均的权重",
    "β₂: weight of the running average of g²": "β₂：g² 的移动平均的权重",
    "Open in the playground ↗": "在试验场中打开 ↗",
    "Opens a new tab with these settings.": "用这些设置打开一个新标签页。",
    "The playground's sliders hold round values; {n} setting(s) were rounded.": (
        "试验场的滑块只取整齐的数值；有 {n} 项设置被改成了最接近的取值。"
    ),
    "The engine refused these settings: {error}": "计算引擎拒绝了这些设置：{error}",
    "Learning rate η": "学习率 η",
    "learning rate η": "学习率 η",
    "Final loss": "最终损失",
    "Diverged at step": "发散于第几步",
    "Steps to f − f* ≤ 1e-6": "到 f − f* ≤ 1e-6 所需步数",
    "Run": "运行",
    "surface": "曲面",
    "minimum": "最小值",
    "step k": "第 k 步",
    "yes": "是",
    "no": "否",
    # ---- Momentum & ravines
    "Momentum & ravines": "动量与沟谷",
    "Plain SGD, heavy-ball momentum and Nesterov from one start with one step budget, on a quadratic whose "
    "theory is known exactly: the rates on this page are predictions you can check.": (
        "普通 SGD、重球动量和 Nesterov 动量从同一起点出发、使用相同的步数预算，在一个理论完全已知的二次曲面上运行："
        "本页给出的收敛率都是可以亲手验证的预测。"
    ),
    "f(x, y) =": "f(x, y) =",
    "A quadratic formula gets the full theory.": "二次公式可以得到完整的理论分析。",
    "Steps": "步数",
    "Plain SGD": "普通 SGD",
    "Heavy ball and Nesterov": "重球法与 Nesterov",
    "Momentum β": "动量 β",
    "SGD, η = {lr:.4g}": "SGD，η = {lr:.4g}",
    "Heavy ball, η = {lr:.4g}, β = {beta:.3g}": "重球法，η = {lr:.4g}，β = {beta:.3g}",
    "Nesterov, η = {lr:.4g}, β = {beta:.3g}": "Nesterov，η = {lr:.4g}，β = {beta:.3g}",
    "▶ Play animates the three runs. Click the surface to start from another point.": (
        "▶ 播放可以动画演示三次运行。点击曲面可以换一个起点。"
    ),
    "The rates below need a convex quadratic surface; this one is not, so only the runs are shown.": (
        "下面的收敛率需要凸的二次曲面；这个曲面不是，所以只显示运行轨迹。"
    ),
    "#### Why plain SGD zig-zags": "#### 为什么普通 SGD 走成锯齿形",
    "On a quadratic, gradient descent treats each eigendirection on its own: the error along an eigenvector of "
    "curvature λ is multiplied by **1 − η·λ** at every step. Here the steep direction has λ = L = {L:.4g} and the "
    "flat floor λ = μ = {mu:.4g} (κ = L/μ = {kappa:.4g}; on the ravine L = κ).": (
        "在二次曲面上，梯度下降对每个特征方向分别起作用：沿曲率为 λ 的特征向量方向，误差每一步都乘以 **1 − η·λ**。"
        "这里陡峭方向的 λ = L = {L:.4g}，平坦谷底方向的 λ = μ = {mu:.4g}（κ = L/μ = {kappa:.4g}；在沟谷曲面上 L = κ）。"
    ),
    "With η = {lr:.4g} the steep factor is **{steep:+.3f}** and the floor factor **{flat:.4f}**. A factor near −1 "
    "flips the sign of the error each step while hardly shrinking it: the path bounces from wall to wall. A factor "
    "just below 1 is a slow crawl along the floor. A larger η crawls faster but pushes the steep factor below −1: "
    "past η = 2/L = {bound:.4g} the bounce grows and the run diverges.": (
        "当 η = {lr:.4g} 时，陡峭方向的因子是 **{steep:+.3f}**，"
        "谷底方向的因子是 **{flat:.4f}**。接近 −1 的因子每一步都让误差变号，"
        "却几乎不让它变小：路径在两侧谷壁之间来回弹跳。略小于 1 的因子意味着沿谷底缓慢爬行。更大的 η 爬得更快，"
        "但会把陡峭方向的因子推到 −1 以下：一旦 η 超过 2/L = {bound:.4g}，弹跳越来越大，运行就发散了。"
    ),
    "#### Why momentum helps": "#### 为什么动量有帮助",
    "The velocity sums past gradients with weights 1, β, β², …. Across the ravine the gradients alternate in sign "
    "and cancel; along the floor they agree and pile up, so the floor is crossed with an effective step of about "
    "η/(1 − β) = {eff:.4g}. At their best settings, GD shrinks the error by {gd:.4f} per step and heavy ball by "
    "{hb:.4f}: about {n_gd} versus {n_hb} steps to gain six decades.": (
        "速度项以权重 1, β, β², … 累加过去的梯度。横跨沟谷方向的梯度正负交替、"
        "相互抵消；沿谷底方向的梯度方向一致、不断叠加，"
        "所以沿谷底前进的有效步长约为 η/(1 − β) = {eff:.4g}。在各自的最优设置下，梯度下降每步把误差缩小为 {gd:.4f} 倍，"
        "重球法则为 {hb:.4f} 倍：要把误差缩小六个数量级，大约需要 {n_gd} 步对 {n_hb} 步。"
    ),
    "Theory of this quadratic": "这个二次曲面的理论",
    "Quantity": "量",
    "Formula": "公式",
    "Value": "数值",
    "Hessian eigenvalues μ, L": "Hessian 矩阵的特征值 μ, L",
    "Their eigenvectors (dash-dot lines)": "对应的特征向量（点划线）",
    "Condition number κ": "条件数 κ",
    "GD stable for η below": "梯度下降稳定的条件：η 小于",
    "Heavy ball stable for η below (β = {beta:.4g})": "重球法稳定的条件：η 小于（β = {beta:.4g}）",
    "Nesterov stable for η below (β = {beta:.4g})": "Nesterov 稳定的条件：η 小于（β = {beta:.4g}）",
    "Optimal GD learning rate": "梯度下降的最优学习率",
    "Optimal GD rate": "梯度下降的最优收敛率",
    "Optimal heavy-ball learning rate": "重球法的最优学习率",
    "Optimal heavy-ball momentum": "重球法的最优动量",
    "Optimal heavy-ball rate": "重球法的最优收敛率",
    "This quadratic is not convex (an eigenvalue ≤ 0): it has no minimum, so no optimal settings.": (
        "这个二次曲面不是凸的（有特征值 ≤ 0）：它没有最小值，因此也没有最优设置。"
    ),
    "Apply optimal GD learning rate": "应用梯度下降的最优学习率",
    "Apply optimal heavy-ball settings": "应用重球法的最优设置",
    "This surface is not quadratic (its Hessian is not constant): no theory panel.": (
        "这个曲面不是二次的（Hessian 矩阵不是常数）：没有理论面板。"
    ),
    "Predicted and measured rates": "预测的与实测的收敛率",
    "Predicted rate ρ": "预测收敛率 ρ",
    "Measured rate": "实测收敛率",
    "ρ is the factor by which the distance to the minimum shrinks per step, in the long run (the largest root of "
    "each method's recurrence over the two eigenvalues). The measured rate is exp(slope) of a straight-line fit to "
    "log ‖xₖ − x*‖ over the second half of the run, before round-off. At the optimal heavy-ball settings the two "
    "roots coincide and the distance falls like k·ρᵏ, so the measured rate sits slightly above ρ.": (
        "ρ 是长期来看到最小值的距离每一步缩小的倍数（在两个特征值上，各方法递推式特征根模的最大值）。"
        "实测收敛率是在运行的后半段、舍入误差出现之前，对 log ‖xₖ − x*‖ 做直线拟合得到的 exp(斜率)。"
        "在重球法的最优设置下两个特征根重合，距离按 k·ρᵏ 下降，所以实测值会略高于 ρ。"
    ),
    "{run} diverged at step {k}.": "{run} 在第 {k} 步发散。",
    "Nesterov's limit is lower than the heavy ball's: with β = {beta:.3g} it is stable only for "
    "η < 2(1+β)/((1+2β)L) = {bound:.4g}, so the heavy ball's best settings are too bold for it.": (
        "Nesterov 的稳定上限比重球法低：当 β = {beta:.3g} 时，只有 η < 2(1+β)/((1+2β)L) = {bound:.4g} 才稳定，"
        "所以重球法的最优设置对它来说步子太大了。"
    ),
    "Distance to the minimum: measured (solid) and d₀·ρᵏ predicted (dotted)": (
        "到最小值的距离：实测（实线）与预测的 d₀·ρᵏ（点线）"
    ),
    "‖xₖ − x*‖ (log)": "‖xₖ − x*‖（对数）",
    "{label}: predicted ρ = {rate:.4f}": "{label}：预测 ρ = {rate:.4f}",
    "flat direction: λ = μ = {value:.4g}": "平坦方向：λ = μ = {value:.4g}",
    "steep direction: λ = L = {value:.4g}": "陡峭方向：λ = L = {value:.4g}",
    "Nesterov's look-ahead, step by step": "Nesterov 的前瞻，一步一步看",
    "Nesterov needs a momentum β > 0.": "Nesterov 需要动量 β > 0。",
    "Step k": "第 k 步",
    "Heavy ball takes the gradient where it stands, then adds the momentum. Nesterov first makes the momentum jump "
    "μ·v, takes the gradient at that look-ahead point, and corrects from there. Heading into a wall, the look-ahead "
    "gradient already points back, so the correction brakes before the overshoot instead of after it.": (
        "重球法在当前位置计算梯度，再加上动量。Nesterov 先按动量跳一步 μ·v，在这个前瞻点计算梯度，再从那里修正。"
        "冲向谷壁时，前瞻点的梯度已经指向回头的方向，所以修正在冲过头之前就开始刹车，而不是冲过头之后。"
    ),
    "torch stores the look-ahead point itself as the parameters: the Nesterov path on the contour is the sequence "
    "of look-ahead points, and the classic point drawn here is θ = x + η·μ·buf. Both steps start from θ with the "
    "same velocity v = −η·buf = ({vx:.3g}, {vy:.3g}).": (
        "torch 把前瞻点本身存为参数：等高线图上的 Nesterov 路径就是前瞻点的序列，这里画出的经典位置是 θ = x + η·μ·buf。"
        "两种更新都从 θ 出发，速度相同：v = −η·buf = ({vx:.3g}, {vy:.3g})。"
    ),
    "The two new points differ by {gap:.3g}.": "两个新位置相距 {gap:.3g}。",
    "Update {k}: look before you leap": "第 {k} 次更新：先看再跳",
    "θₖ₋₁ (where the step starts)": "θₖ₋₁（这一步的起点）",
    "look-ahead θ + μ·v": "前瞻点 θ + μ·v",
    "Nesterov's new point": "Nesterov 的新位置",
    "heavy ball's new point": "重球法的新位置",
    "momentum jump μ·v": "动量跳跃 μ·v",
    "−η·∇f at the look-ahead (Nesterov's correction)": "前瞻点处的 −η·∇f（Nesterov 的修正）",
    "Nesterov's step": "Nesterov 的一步",
    "−η·∇f at θ (heavy ball's correction)": "θ 处的 −η·∇f（重球法的修正）",
    "heavy ball's step": "重球法的一步",
    "Nesterov's correction": "Nesterov 的修正",
    "heavy ball's correction": "重球法的修正",
    "Three ways to write momentum": "动量的三种写法",
    "Run the three conventions together": "同时运行三种写法",
    "CS231n, PyTorch and the EWMA form of the course notes, on the heavy-ball settings above.": (
        "课程笔记中的 CS231n 写法、PyTorch 写法和指数加权平均写法，使用上面重球法的设置。"
    ),
    "EWMA learning rate": "指数加权平均写法的学习率",
    "η/(1 − β)": "η/(1 − β)",
    "the same η": "相同的 η",
    "PyTorch: buf = μ·buf + g; x −= η·buf": "PyTorch：buf = μ·buf + g; x −= η·buf",
    "CS231n: v = μ·v − η·g; x += v": "CS231n：v = μ·v − η·g; x += v",
    "EWMA: v = β·v + (1 − β)·g; x −= η·v": "指数加权平均：v = β·v + (1 − β)·g; x −= η·v",
    "CS231n vs PyTorch": "CS231n 对比 PyTorch",
    "EWMA vs PyTorch": "指数加权平均对比 PyTorch",
    "Paths": "路径",
    "Largest gap": "最大差距",
    "Same path?": "路径相同？",
    "With a constant η, CS231n's velocity is exactly −η·buf, so it walks PyTorch's path. The EWMA velocity is "
    "(1 − β)·buf: with the same η it takes steps {f:.3g} times as long as PyTorch's; with η/(1 − β) = {lr2:.4g} it "
    "walks PyTorch's path again.": (
        "学习率 η 不变时，CS231n 的速度恰好等于 −η·buf，"
        "所以它走的就是 PyTorch 的路径。指数加权平均的速度是 (1 − β)·buf："
        "用相同的 η，它每步的长度是 PyTorch 的 {f:.3g} 倍；改用 η/(1 − β) = {lr2:.4g}，它又走回 PyTorch 的路径。"
    ),
    "With a learning-rate schedule CS231n and PyTorch part ways: CS231n's v keeps past steps sized by past learning "
    "rates, while PyTorch multiplies the whole buffer by the current one.": (
        "使用学习率退火时，CS231n 和 PyTorch 就不再一致：CS231n 的 v 保留了按过去学习率缩放的历史步长，"
        "而 PyTorch 用当前的学习率乘以整个缓冲区。"
    ),
    # ---- Hyperparameter map
    "Hyperparameter map": "超参数地图",
    "Every cell of the grid is a full run, all computed together in one vectorized batch. Click a cell to see its "
    "trajectory.": "网格中的每个格子都是一次完整的运行，全部在一个向量化批次中一起计算。点击格子可以查看它的轨迹。",
    "Optimizer and axes": "优化器与坐标轴",
    "Optimizer": "优化器",
    "x axis": "x 轴",
    "y axis": "y 轴",
    "from": "从",
    "to": "到",
    "log": "对数",
    "Cells per axis": "每个轴的格子数",
    "Budget and metric": "预算与指标",
    "Steps per run": "每次运行的步数",
    "Colour by": "颜色表示",
    "steps to tolerance": "达到容差所需步数",
    "final loss": "最终损失",
    "Tolerance on f − f*": "f − f* 的容差",
    "Other hyperparameters (fixed)": "其他超参数（固定）",
    "diverged at step {k}": "在第 {k} 步发散",
    "{k} steps": "{k} 步",
    "f − f* = {v}": "f − f* = {v}",
    "f = {v}": "f = {v}",
    "stability boundary η = 2(1+β)/L": "稳定边界 η = 2(1+β)/L",
    "stability boundary η = 2(1+β)/((1−β)L)": "稳定边界 η = 2(1+β)/((1−β)L)",
    "stability boundary η = 2(1+β)/((1+2β)L)": "稳定边界 η = 2(1+β)/((1+2β)L)",
    "Each cell is one run from the same start with the same budget of {steps} steps; only the two hyperparameters "
    "change. Bright cells are good (few steps, or a low final loss). **Red** cells diverged; **grey** cells never "
    "reached the tolerance.": (
        "每个格子都是从同一起点出发、预算同为 {steps} 步的一次运行，"
        "只有两个超参数不同。越亮越好（步数少，或最终损失低）。"
        "**红色**格子发散了；**灰色**格子始终没有达到容差。"
    ),
    "This surface is not quadratic: there is no closed-form boundary to draw.": (
        "这个曲面不是二次的：没有可以画出的解析边界。"
    ),
    "The analytic boundary is drawn for SGD and EWMA momentum with lr on one axis.": (
        "只有 SGD 和指数加权平均动量、且学习率在其中一个坐标轴上时，才会画出解析边界。"
    ),
    "The dashed line is the analytic stability boundary for this quadratic (L = {L:.4g}, μ = {mu:.4g}): every cell "
    "beyond it diverges, from any start. The red edge of the map should follow it.": (
        "虚线是这个二次曲面的解析稳定边界（L = {L:.4g}，μ = {mu:.4g}）：边界以外的每个格子，从任何起点出发都会发散。"
        "地图中红色区域的边缘应当与它吻合。"
    ),
    "★ marks the optimal heavy-ball settings η = 4/(√L+√μ)², β = ((√κ−1)/(√κ+1))² with rate {rate:.4f} per step; "
    "◆ the best plain GD, η = 2/(L+μ), with rate {gd:.4f}.": (
        "★ 标出重球法的最优设置 η = 4/(√L+√μ)²，β = ((√κ−1)/(√κ+1))²，每步收敛率为 {rate:.4f}；"
        "◆ 标出普通梯度下降的最优设置 η = 2/(L+μ)，收敛率为 {gd:.4f}。"
    ),
    "Show the run at ★": "显示 ★ 处的运行",
    "{x} = {xv:.4g}, {y} = {yv:.4g}": "{x} = {xv:.4g}，{y} = {yv:.4g}",
    "The run at {cell}": "{cell} 处的运行",
    "Steps to tolerance": "达到容差所需步数",
    "This run diverged at step {k}.": "这次运行在第 {k} 步发散。",
    "This surface has no lowest value, so there is no tolerance to reach: colouring by final loss.": (
        "这个曲面没有最低值，也就无所谓达到容差：改为按最终损失着色。"
    ),
    "steps to f − f* ≤ {tol:g}": "到 f − f* ≤ {tol:g} 所需步数",
    "log₁₀(f − f*) at the end": "结束时的 log₁₀(f − f*)",
    "f at the end": "结束时的 f",
    "diverged": "发散",
    "did not reach the tolerance": "未达到容差",
    "optimal heavy ball": "重球法最优点",
    "optimal GD (β = 0)": "梯度下降最优点（β = 0）",
    "selected run": "选中的运行",
    "{cells} runs × {steps} steps in {sec:.2f} s; {div} diverged.": (
        "{cells} 次运行 × {steps} 步，用时 {sec:.2f} 秒；{div} 次发散。"
    ),
    "Click a cell of the map to see that run's trajectory.": "点击地图中的格子，查看那次运行的轨迹。",
    # ---- Optimizer race
    "Optimizer race": "优化器赛跑",
    "Every optimizer from the same start on the same surface, animated together.": (
        "所有优化器在同一曲面上从同一起点出发，一起动画演示。"
    ),
    "Track": "赛道",
    "Start x": "起点 x",
    "Start y": "起点 y",
    "Step budget (the same for all)": "步数预算（所有优化器相同）",
    "Competitors": "参赛者",
    "Optimizers": "优化器",
    "Fair comparison": "公平比较",
    "Tune each learning rate": "为每个优化器调学习率",
    "Try 41 learning rates from 1e-4 to 10 for every optimizer and keep the best.": (
        "为每个优化器尝试从 1e-4 到 10 的 41 个学习率，保留最好的一个。"
    ),
    "Best means": "“最好”的标准",
    "lowest final loss": "最终损失最低",
    "fewest steps to the tolerance": "达到容差的步数最少",
    "Pick at least one optimizer.": "请至少选择一个优化器。",
    "{name}, η = {lr:.3g}": "{name}，η = {lr:.3g}",
    "▶ Play runs the race; the slider under the plot scrubs through the steps.": (
        "▶ 播放开始赛跑；图下方的滑块可以逐步查看。"
    ),
    "Ranking": "排名",
    "Place": "名次",
    " (tuned)": "（已调优）",
    " (default)": "（默认值）",
    "Distance to the nearest minimum": "到最近最小值的距离",
    "Path length": "路径长度",
    "the lowest final loss": "最终损失最低",
    "the fewest steps to f − f* ≤ 1e-6": "到 f − f* ≤ 1e-6 的步数最少",
    "**How it was made fair.** Every optimizer had the same start and the same {steps} steps. Its learning rate was "
    "picked from 41 values between 1e-4 and 10 (8 per decade) by {crit}, among the runs that did not diverge; its "
    "other hyperparameters are PyTorch's defaults (momentum 0.9 for the SGD variants).": (
        "**怎样保证公平。** 每个优化器的起点相同，步数同为 {steps} 步。"
        "学习率从 1e-4 到 10 之间的 41 个值（每个数量级 8 个）中，"
        "在没有发散的运行里按“{crit}”挑选；其他超参数取 PyTorch 的默认值（SGD 的两个动量变体取动量 0.9）。"
    ),
    "This surface has no lowest value, so no run reaches a tolerance: the lowest final loss decides.": (
        "这个曲面没有最低值，任何运行都谈不上达到容差：由最终损失最低者胜出。"
    ),
    "Every learning rate tried diverged for: {names}. They race with their default.": (
        "以下优化器尝试的所有学习率都发散了：{names}。它们用默认学习率参赛。"
    ),
    "Without tuning every optimizer runs with a fixed default learning rate: the ranking then mostly says whose "
    "default happens to suit this surface.": (
        "不调学习率时，每个优化器都用固定的默认学习率：这时的排名主要反映谁的默认值恰好适合这个曲面。"
    ),
    "**What this shows, and what it does not.** It is one surface, one start, one step budget and one way of "
    "picking the learning rate. A different start, budget or criterion can reorder the field, and a 2-D surface is "
    "not a neural network: it is no verdict on which optimizer to use. It does show how each method moves: who "
    "zig-zags, who stalls on a plateau, who overshoots.": (
        "**这能说明什么，不能说明什么。** 这里只有一个曲面、一个起点、"
        "一种步数预算和一种挑选学习率的方法。换一个起点、预算或标准，"
        "名次就可能改变；而且二维曲面不是神经网络：这不是对该用哪个优化器的裁决。它能展示的是每种方法如何移动："
        "谁走锯齿，谁在平台上停滞，谁冲过了头。"
    ),
    "The learning-rate search: final loss for every η tried (diverged runs left out)": (
        "学习率搜索：每个尝试的 η 的最终损失（不含发散的运行）"
    ),
    "{label}: picked η = {lr:.3g}": "{label}：选定 η = {lr:.3g}",
    "final loss gap f − f*": "最终损失差距 f − f*",
    "final loss f": "最终损失 f",
}
