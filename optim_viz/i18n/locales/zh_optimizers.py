"""Strings of the optimizers added after the first seven: names, hyperparameters, state."""

ZH: dict[str, str] = {
    "Adamax": "Adamax",
    "RAdam": "RAdam",
    "Rprop": "Rprop",
    "ASGD": "ASGD",
    "Adafactor": "Adafactor",
    "L-BFGS": "L-BFGS",
    "Muon": "Muon",
    "step-size factors after a sign change and after a repeated sign": "梯度符号改变时与符号保持时的步长缩放因子",
    "smallest and largest allowed step size": "允许的最小与最大步长",
    "decay term": "衰减项",
    "power of the step-size decay": "步长衰减的幂次",
    "update at which averaging starts": "开始做平均的更新步",
    "cap of the relative step size and weight-decay scale": "相对步长的上限，也是权重衰减的比例",
    "decay rate of β₂: 1 − β₂ = t^beta2_decay": "β₂ 的衰减率：1 − β₂ = t^beta2_decay",
    "floor of the second moment (None: machine epsilon) and of the parameter RMS":
        "二阶矩的下限（None：机器精度）与参数均方根的下限",
    "clipping threshold of the update's RMS": "更新量均方根的截断阈值",
    "decoupled weight decay (scaled by lr)": "解耦的权重衰减（乘以学习率）",
    "inner iterations per step": "每一步的内部迭代次数",
    "function evaluations per step (None: max_iter·5//4)": "每一步的函数求值次数（None：max_iter·5//4）",
    "stop when max|g| is below this": "max|g| 小于此值时停止",
    "stop when the step or the change of f is below this": "步长或 f 的变化小于此值时停止",
    "number of (s, y) pairs kept": "保留的 (s, y) 对的个数",
    "None (fixed step lr) or strong_wolfe": "None（固定步长 lr）或 strong_wolfe",
    "coefficients (a, b, c) of the Newton–Schulz polynomial": "Newton–Schulz 多项式的系数 (a, b, c)",
    "floor of the norm the gradient is divided by": "梯度所除范数的下限",
    "Newton–Schulz iterations": "Newton–Schulz 迭代次数",
    "lr adjustment: None/original or match_rms_adamw": "学习率调整：None/original 或 match_rms_adamw",
    "u (exp_inf)": "u（exp_inf）",
    "g_prev (prev)": "g_prev（prev）",
    "Δ (step_size)": "Δ（step_size）",
    "η_t (eta)": "η_t（eta）",
    "μ_t (mu)": "μ_t（mu）",
    "x̄ (ax, the averaged iterate)": "x̄（ax，迭代点的平均）",
    "V (variance)": "V（variance）",
    "function evaluations in this step": "这一步的函数求值次数",
    "inner iterations so far (n_iter)": "迄今的内部迭代次数（n_iter）",
    " (line search)": "（线搜索）",
    "**L-BFGS** is not searched: its strong-Wolfe line search chooses every step, and it evaluates f and ∇f "
    "several times per step (see the evaluations column), where the others evaluate once. Compare it by "
    "evaluations, not only by steps.": (
        "**L-BFGS** 不参与学习率搜索：它的强 Wolfe 线搜索会自己选定每一步的步长；而且它每一步要计算多次 f 和 ∇f"
        "（见求值次数一栏），其他优化器每步只算一次。比较它时要看求值次数，不能只看步数。"
    ),
    "Evaluations of f and ∇f": "f 与 ∇f 的求值次数",
    "How many times the run evaluated f and its gradient: one per step, several per step for L-BFGS (its line "
    "search and inner iterations).":
        "这次运行计算 f 及其梯度的次数：一般每步一次，L-BFGS 每步多次（线搜索与内部迭代）。",
    "Every optimizer that runs as one vectorized batch; L-BFGS runs one run at a time (its line search branches "
    "per run), so a map of it would take minutes.": (
        "这里提供所有能以一个向量化批次运行的优化器；L-BFGS 只能一次运行一个（它的线搜索在每次运行中走不同的分支），"
        "画一张它的地图要好几分钟。"
    ),
    "{label}: None (torch's default)": "{label}：None（torch 的默认值）",
    "{label}: averaged iterate x̄": "{label}：迭代点的平均 x̄",
    "{label}: points evaluated inside its steps": "{label}：每一步内部求值过的点",
    "evaluated inside a step": "一步之内求值过的点",
    "Sharpness λ_max(H(xₖ)) and each SGD run's limit (dotted)": "锐度 λ_max(H(xₖ)) 与每个 SGD 运行的稳定界限（点线）",
    "limit {v}": "界限 {v}",
    "{label}: local quadratic at step {k}": "{label}：第 {k} 步处的局部二次近似",
    "{label}: principal axes": "{label}：主轴",
    "{label}: stability limit": "{label}：稳定界限",
    "λ₁ = {l1:.4g}, λ₂ = {l2:.4g}, κ = {kappa:.3g} ({kind})": "λ₁ = {l1:.4g}，λ₂ = {l2:.4g}，κ = {kappa:.3g}（{kind}）",
    "{name}: {value!r} is not {n} numbers; using {default}.": "{name}：{value!r} 不是 {n} 个数，改用 {default}。",
    "{name}=None is not allowed; using {default}.": "{name}=None 不允许，改用 {default}。",
    "{value!r} is not one of {v0}": "{value!r} 不在 {v0} 之中",
    "{value!r} is not {n} numbers like {example}": "{value!r} 不是像 {example} 这样的 {n} 个数",
    "minimum-like": "类似极小值",
    "maximum-like": "类似极大值",
    "flat": "平坦",
}
