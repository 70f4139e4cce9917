"""Strings of the curvature view, Newton's reference run and the animation export."""

ZH: dict[str, str] = {
    "Curvature": "曲率",
    "Show the curvature": "显示曲率",
    "At step k, each run's local quadratic on the contour (its principal axes, scaled by 1/√|λ|); below the "
    "curves, each run's sharpness λ_max(H(xₖ)) against its stability limit 2/ηₖ.": (
        "在第 k 步，把每个运行的局部二次近似画在等高线图上（主轴按 1/√|λ| 缩放）；"
        "在曲线下方画出每个运行的锐度 λ_max(H(xₖ)) 及其稳定界限 2/ηₖ。"
    ),
    "Newton's method as a reference": "以牛顿法作参照",
    "x ← x − α·H⁻¹∇f with the exact Hessian, from the same start: not a torch.optim optimizer, a yardstick that "
    "knows the curvature.": "x ← x − α·H⁻¹∇f，用精确的 Hessian 矩阵、从同一起点出发：它不是 torch.optim 的优化器，"
    "而是一把知道曲率的尺子。",
    "Damping α": "阻尼 α",
    "The fraction of the Newton step taken: 1 jumps to the minimum of a quadratic at once.":
        "每次走牛顿步的比例：取 1 时，在二次函数上一步就跳到最小值。",
    "Newton (α = {alpha})": "牛顿法（α = {alpha}）",
    "A run whose sharpness stays above its limit oscillates and grows along that direction; gradient descent often "
    "climbs to the limit and hovers there (the edge of stability).": (
        "锐度一直高于界限的运行会沿该方向震荡并越摆越大；梯度下降常常把锐度推高到界限附近，然后在那里徘徊"
        "（稳定性的边缘）。"
    ),
    "Local quadratic at xₖ₋₁: λ₁ = {l1:.4g}, λ₂ = {l2:.4g}, κ = {kappa:.3g} ({kind}).":
        "xₖ₋₁ 处的局部二次近似：λ₁ = {l1:.4g}，λ₂ = {l2:.4g}，κ = {kappa:.3g}（{kind}）。",
    "**{label}**: at {n} of its {steps} steps the Hessian was not positive definite; at step {k}: {what} "
    "(eigenvalues {lo:.3g}, {hi:.3g}). Newton's method looks for any point where ∇f = 0, so there it does not head "
    "downhill.": (
        "**{label}**：在它的 {steps} 步中有 {n} 步的 Hessian 矩阵不是正定的；第 {k} 步：{what}（特征值 {lo:.3g}、"
        "{hi:.3g}）。牛顿法寻找的是任何一个 ∇f = 0 的点，所以在这些地方它并不往下走。"
    ),
    "**{label}** diverged at step **{k}**.": "**{label}** 在第 **{k}** 步发散。",
    "H is indefinite (a saddle): the step heads for the saddle of the local model":
        "H 是不定的（鞍点）：这一步走向局部模型的鞍点",
    "H is negative definite: the step heads for the maximum of the local model (uphill)":
        "H 是负定的：这一步走向局部模型的极大值（往上坡走）",
    "H is singular: the step moves only along the curved direction": "H 是奇异的：这一步只沿有曲率的方向移动",
    "H is zero: no curvature, no step": "H 为零：没有曲率，也就没有这一步",
    "**The animation as a file** for slides: the surface, the paths growing step by step, the step counter and the "
    "legend.": "**把动画存成文件**，放进幻灯片：曲面、逐步延伸的路径、步数计数和图例。",
    "The animation as a file": "把动画存成文件",
    "For slides: the three runs growing step by step on the surface, with the step counter and the legend, drawn on "
    "the server.": "用于幻灯片：三个运行在曲面上逐步延伸，带步数计数和图例，在服务器上绘制。",
    "The race as a GIF or MP4 file (for slides)": "把比赛存成 GIF 或 MP4 文件（用于幻灯片）",
    "Format": "格式",
    "Size (pixels)": "尺寸（像素）",
    "Frames per second": "每秒帧数",
    "Render the animation ({fmt})": "生成动画（{fmt}）",
    "Drawing the frames…": "正在绘制各帧…",
    "Download the {fmt} ({kb} KB)": "下载 {fmt}（{kb} KB）",
    "The animation could not be rendered: {error}": "无法生成动画：{error}",
    "This server has no font for Chinese: labels in the file will show as boxes.":
        "这台服务器没有中文字体：文件中的标签会显示成方框。",
    "step {k} / {n}": "第 {k} / {n} 步",
    "export={value!r} is not an animation format and size; using {default}.":
        "export={value!r} 不是有效的动画格式和尺寸，改用 {default}。",
}
