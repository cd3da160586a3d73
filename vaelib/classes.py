"""The ten Fashion-MNIST class names in English and Turkish (hard-coded, never case-mapped)."""

NUM_CLASSES = 10

CLASS_NAMES_EN: tuple[str, ...] = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

CLASS_NAMES_TR: tuple[str, ...] = (
    "Tişört/Üst",
    "Pantolon",
    "Kazak",
    "Elbise",
    "Mont",
    "Sandalet",
    "Gömlek",
    "Spor Ayakkabı",
    "Çanta",
    "Bilek Botu",
)

_BY_LANGUAGE = {"tr": CLASS_NAMES_TR, "en": CLASS_NAMES_EN}


def class_names(lang: str = "tr") -> tuple[str, ...]:
    """Return the 10 class names, indexed by label, in "tr" (Turkish) or "en" (English)."""
    try:
        return _BY_LANGUAGE[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(map(repr, _BY_LANGUAGE))}") from None
