"""One Chinese name per concept, the name of the course notes: every catalogue against the glossary."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from optim_viz.i18n import glossary, locales

CATALOGUES = sorted(info.name for info in pkgutil.iter_modules(locales.__path__) if info.name.startswith("zh_"))


def test_the_glossary_has_one_term_per_concept_and_one_concept_per_term():
    assert glossary.check_glossary() == []
    assert len({t.english for t in glossary.GLOSSARY}) == len(glossary.GLOSSARY)


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_catalogue_speaks_the_notes_language(name):
    catalogue = importlib.import_module(f"optim_viz.i18n.locales.{name}").ZH
    assert glossary.problems(catalogue) == []


@pytest.mark.parametrize(
    "english,chinese",
    [
        ("Learning-rate schedules", "学习率调度"),  # the notes say 学习率退火
        ("Step decay", "分段衰减"),  # the notes say 随步数衰减
        ("Open in the playground ↗", "在实验场中打开 ↗"),  # one name: 试验场
        ("age where the weight is 1/e", "权重降到 1/e 时的点龄"),  # a coined word
        ("Cosine: length T", "余弦退火：周期长度 T"),  # the length is no period (周期 is the notes' epoch)
        ("Mini-batch size", "小批量大小"),  # the notes' batch size is 批大小
        ("a local minimum", "一个局部最小值"),  # the notes say 局部极小值
        ("weight of the running average", "滑动平均的权重"),  # the notes say 移动平均
    ],
)
def test_the_check_catches_another_name(english, chinese):
    assert glossary.problems({english: chinese}), (english, chinese)


def test_the_notes_terms_pass():
    assert glossary.problems({"Learning-rate schedules": "学习率退火", "Step decay": "随步数衰减",
                              "Cosine: length T": "余弦退火：总长度 T"}) == []  # fmt: skip


def test_placeholders_are_values_not_words():
    assert glossary.problems({"seed={seed!r} must be a whole number": "seed={seed!r} 必须是整数"}) == []
    assert glossary.problems({"Seed of the noise": "噪声"})  # the word itself needs 种子
