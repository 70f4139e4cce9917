"""Strings shared by every page."""

ZH: dict[str, str] = {
    "Language": "语言",
    "English": "English",
    "简体中文": "简体中文",
    "Playground": "优化器试验场",
    "Momentum & ravines": "动量与沟谷",
    "Hyperparameter map": "超参数地图",
    "Optimizer race": "优化器赛跑",
    "Exponentially weighted averages": "指数加权平均",
    "Learning-rate schedules": "学习率退火",
    "Mini-batches on a neuron": "神经元上的小批量",
    "Lesson presets": "课程预设",
}
