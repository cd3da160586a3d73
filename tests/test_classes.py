"""Class names: hard-coded, in label order, in both languages."""

import pytest

from vaelib.classes import CLASS_NAMES_EN, CLASS_NAMES_TR, NUM_CLASSES, class_names


def test_ten_names_in_each_language() -> None:
    assert len(CLASS_NAMES_EN) == len(CLASS_NAMES_TR) == NUM_CLASSES == 10
    assert len(set(CLASS_NAMES_TR)) == 10


def test_label_order() -> None:
    assert CLASS_NAMES_EN[0] == "T-shirt/top" and CLASS_NAMES_EN[9] == "Ankle boot"
    assert CLASS_NAMES_TR[7] == "Spor Ayakkabı"  # dotless ı, typed, never case-mapped
    assert CLASS_NAMES_TR[8] == "Çanta"


def test_class_names_by_language() -> None:
    assert class_names() == CLASS_NAMES_TR
    assert class_names("en") == CLASS_NAMES_EN


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'.*'tr', 'en'"):
        class_names("de")
