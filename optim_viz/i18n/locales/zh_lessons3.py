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
}
