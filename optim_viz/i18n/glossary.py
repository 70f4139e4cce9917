"""The Chinese terms of the course notes: one name per concept, in every catalogue.

The learners read the Chinese course notes (``shared/seeds``: 001 CS231n's 神经网络训练细节, 002
动量梯度下降法, 003 机器之心's 从零开始：教你如何训练神经网络, 004 a machine translation of
"gradient descent extensions") next to the app, so the app names each concept as the notes do.
Where the notes have no term (or only a machine translation's slip, such as 内斯特罗夫 or 动力 in
004), the usual Chinese ML term is used.

A ``Term`` says how the English text names a concept (``pattern``) and what every translation of
such a text must contain (``mark``, by default the term itself); ``avoid`` lists the other names
the concept must never get, and a ``reserved`` term names nothing else. ``problems(catalogue)``
lists every breach in a catalogue ({English: Chinese}); the tests run it on every ``zh_*``
catalogue, so a new string that names a concept differently fails before it ships.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    english: str  # the concept
    chinese: str  # its name in the notes (or the usual one)
    pattern: str  # how English text names it (regex, case-insensitive)
    source: str  # where the notes use it, or why this name
    mark: str = ""  # what a translation must contain (default: ``chinese``)
    avoid: tuple[str, ...] = ()  # other names of the concept: never used
    reserved: bool = False  # ``mark`` names this concept and nothing else

    @property
    def required(self) -> str:
        return self.mark or self.chinese


GLOSSARY: tuple[Term, ...] = (
    Term("learning rate", "学习率", r"learning[- ]rates?", "001 学习率退火; 003 学习率"),
    Term("learning-rate schedule (annealing)", "学习率退火", r"\bschedul\w*|\banneal\w*",
         "001: 学习率退火 …… 实现学习率退火有3种方式 (the notes' name for every schedule)", mark="退火",
         avoid=("调度",)),  # fmt: skip
    Term("step decay", "随步数衰减", r"step decay", "001: 随步数衰减", avoid=("分段衰减", "阶梯衰减", "步长衰减")),
    Term("exponential decay", "指数衰减", r"exponential decay", "001: 指数衰减"),
    Term("1/t decay", "1/t 衰减", r"1/t decay", "001: 1/t衰减"),
    Term("cosine annealing", "余弦退火", r"cosine annealing|\bcosine: ", "usual term (the notes stop at 1/t)"),
    Term("epoch", "周期", r"\bepochs?\b", "001: 每过5个周期就将学习率减少一半", reserved=True),
    Term("momentum", "动量", r"(?<![_.=(])\bmomentum\b(?![_=(])", "001 动量更新; 002 动量梯度下降法; 003 动量",
         avoid=("动力",)),  # fmt: skip
    Term("Nesterov momentum", "Nesterov 动量", r"\bNesterov\b", "003: Nesterov 动量", mark="Nesterov",
         avoid=("内斯特罗夫", "涅斯捷罗夫")),  # fmt: skip
    Term("heavy ball", "重球法", r"heavy[- ]ball", "usual term (Polyak's heavy-ball method)", mark="重球"),
    Term("exponentially weighted average", "指数加权平均", r"exponentially weighted|\bEWMA\b",
         "002: 指数加权平均; 003: 指数加权平均", avoid=("指数移动平均", "指数滑动平均")),  # fmt: skip
    Term("bias correction", "偏差修正", r"bias[- ]correct\w*", "003: 偏差修正版", avoid=("偏差校正", "偏置修正")),
    Term("moving average", "移动平均", r"(moving|running) averages?", "003: 「移动」的平均值", avoid=("滑动平均",)),
    Term("ravine", "沟谷", r"\bravines?\b", "003: 沟谷（ravine）", avoid=("峡谷",)),
    Term("saddle point", "鞍点", r"saddle point", "usual term"),
    Term("mini-batch", "小批量", r"mini-?batch(?:es)?\b(?![- ]size)", "003: 小批量梯度下降; 004: 小批量"),
    Term("batch size", "批大小", r"batch sizes?|mini-?batch size", "003: batch 大小 (usual: 批大小)",
         avoid=("小批量大小", "批量大小", "批次大小")),  # fmt: skip
    Term("full batch", "全批量", r"full batch", "usual term, after 小批量"),
    Term("stochastic gradient descent", "随机梯度下降", r"stochastic gradient descent", "002, 003: 随机梯度下降"),
    Term("gradient descent", "梯度下降", r"gradient descent", "002, 003: 梯度下降"),
    Term("gradient", "梯度", r"\bgradients?\b", "002, 003: 梯度"),
    Term("numerical gradient", "数值梯度", r"numerical gradients?", "usual term (003 approximates the gradient "
         "with the difference quotient)"),  # fmt: skip
    Term("loss", "损失", r"\bloss(?:es)?\b", "003: 损失函数"),
    Term("hyperparameter", "超参数", r"hyperparameters?", "001, 003: 超参数"),
    Term("diverge", "发散", r"\bdiverg\w*", "003: 你的算法会发散"),
    Term("converge", "收敛", r"\bconverg\w*", "003: 收敛到某一个局部极小值"),
    Term("local minimum", "局部极小值", r"local minim\w*", "003: 局部极小值", avoid=("局部最小值",)),
    Term("local maximum", "局部极大值", r"local maxim\w*", "paired with 局部极小值", avoid=("局部最大值",)),
    Term("global minimum", "全局最小值", r"global minim\w*", "usual term"),
    Term("oscillation", "震荡", r"\boscillat\w*", "002: 下降的过程是在震荡中实现的", avoid=("振荡",)),
    Term("step size", "步长", r"step sizes?|effective step", "002: 学习率代表步长"),
    Term("noise", "噪声", r"\bnois\w*", "003: 噪声"),
    Term("weight", "权重", r"(?<![_.])\bweights?\b(?![_=])", "003: 权重"),
    Term("neuron", "神经元", r"\bneurons?\b(?![=_])", "003: 单个神经元"),
    Term("activation function", "激活函数", r"activation", "003: 激活函数"),
    Term("validation set", "验证集", r"\bvalidation\b", "001: 验证集错误率"),
    Term("arithmetic mean", "算术平均", r"arithmetic mean|plain mean", "002: 算术平均法"),
    Term("decay rate", "衰减率", r"decay rate", "001 decay_rate; usual 衰减率"),
    Term("adaptive", "自适应", r"\badaptive\b", "004: 自适应学习速率 (usual: 自适应学习率)"),
    Term("playground", "试验场", r"\bplayground\b", "this app's page: one name", avoid=("实验场", "游乐场")),
    Term("view window", "视图范围", r"(?:view|plotted|surface's) window|leaves? the window", "one name for the "
         "plotted region", avoid=("视窗", "绘图范围")),  # fmt: skip
    Term("condition number", "条件数", r"condition number", "usual term"),
    Term("curvature", "曲率", r"\bcurvatures?\b", "usual term"),
    Term("eigenvalue", "特征值", r"eigenvalues?", "usual term"),
    Term("look-ahead", "前瞻", r"look-?ahead", "usual term (003: 当前动量指向的点)"),
    Term("decision boundary", "决策边界", r"decision boundar\w*", "usual term"),
    Term("accuracy", "准确率", r"\baccuracy\b", "003: 高准确率的网络"),
    Term("seed", "随机种子", r"(?<![_.])\bseed\b(?![=_])", "usual term", mark="种子"),
    Term("tolerance", "容差", r"\btolerance\b", "usual term"),
    Term("update", "更新", r"\bupdates?\b", "001: 参数更新"),
    Term("optimizer", "优化器", r"\boptimi[sz]ers?\b", "usual term"),
    Term("velocity", "速度", r"\bvelocity\b", "usual term"),
    Term("momentum buffer", "动量缓冲区", r"\bbuffer\b", "torch's momentum_buffer", mark="缓冲区",
         avoid=("缓冲量",)),  # fmt: skip
    Term("overshoot", "冲过头", r"\bovershoot\w*", "usual term", mark="冲过"),
)

# Coined or wrong words no catalogue may use, with what to write instead.
COINAGES: dict[str, str] = {
    "点龄": "a point's age is how many steps back it lies: 相隔 … 个点 / 间隔",
    "周期长度": "the cosine schedule's length is no period: 长度 T / 总步数 T",
}


PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def problems(catalogue: Mapping[str, str]) -> list[str]:
    """Every place where ``catalogue`` ({English: Chinese}) names a glossary concept otherwise,
    uses one of a concept's other names, gives a reserved term to something else, or coins."""
    out = []
    for english, chinese in catalogue.items():
        text = PLACEHOLDER.sub(" ", english)  # {seed!r} is a value, not the word
        for term in GLOSSARY:
            named = re.search(term.pattern, text, re.IGNORECASE)
            if named and term.required not in chinese:
                out.append(f"{term.english!r} should be {term.required!r}: {english!r} → {chinese!r}")
            for other in term.avoid:
                if other in chinese:
                    out.append(f"{term.english!r} is {term.chinese!r}, not {other!r}: {english!r} → {chinese!r}")
            if term.reserved and not named and term.required in chinese:
                out.append(f"{term.required!r} names {term.english!r} only: {english!r} → {chinese!r}")
        for word, instead in COINAGES.items():
            if word in chinese:
                out.append(f"{word!r} is not a word here ({instead}): {english!r} → {chinese!r}")
    return out


def check_glossary() -> list[str]:
    """The glossary itself: one term per concept and one concept per term."""
    out = []
    seen: dict[str, str] = {}
    for term in GLOSSARY:
        if term.chinese in seen:
            out.append(f"{term.chinese!r} names both {seen[term.chinese]!r} and {term.english!r}")
        seen[term.chinese] = term.english
        for other in GLOSSARY:
            if other is not term and term.chinese in other.avoid:
                out.append(f"{term.chinese!r} is {term.english!r} and also avoided for {other.english!r}")
    return out
