"""Config: profiles, validation messages, dict round trip."""

from __future__ import annotations

import dataclasses
import json

import pytest

from vaelib import report_values
from vaelib.config import PROFILE_ENV, Config, ConfigError, get_config


@pytest.fixture(autouse=True)
def no_profile_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)


def test_full_profile_is_the_default() -> None:
    cfg = get_config()
    assert cfg.profile == "full"
    assert (cfg.seed, cfg.noise_factor, cfg.latent_dim) == (1234, 0.45, 16)
    assert (cfg.batch_size, cfg.epochs) == (256, 20)
    assert (cfg.val_size, cfg.train_size, cfg.beta_warmup_epochs) == (6000, None, 8)


def test_quick_profile() -> None:
    cfg = get_config("quick")
    assert (cfg.epochs, cfg.train_size, cfg.val_size) == (2, 6000, 1000)


def test_profile_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, "quick")
    assert get_config().profile == "quick"
    assert get_config("full").profile == "full"


def test_overrides_win_over_the_profile() -> None:
    assert get_config("quick", epochs=5).epochs == 5


def test_unknown_profile_lists_the_known_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match=r"profile='fast'.*'full', 'ders', 'quick'"):
        get_config("fast")
    monkeypatch.setenv(PROFILE_ENV, "fast")
    with pytest.raises(ConfigError, match=f"from {PROFILE_ENV}"):
        get_config()


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("noise_factor", -0.1, "[0, 1]"),
        ("noise_factor", float("nan"), "[0, 1]"),
        ("latent_dim", 0, ">= 1"),
        ("latent_dim", 1.5, "integer"),
        ("batch_size", 0, ">= 1"),
        ("epochs", 0, ">= 1"),
        ("epochs", True, "integer"),
        ("seed", -1, "[0, 2147483647]"),
        ("val_size", 5, "[10, 59990]"),
        ("train_size", 5, ">= 10"),
        ("train_size", 59_000, "at most 60000 - val_size = 54000"),
        ("lr_factor", 1.0, "(0, 1)"),
        ("supcon_temperature", 0.0, "> 0"),
        ("min_learning_rate", 0.1, "at most learning_rate=0.002"),
        ("compute_dtype", "float16", "'float32', 'bfloat16'"),
        ("lr_schedule", "onecycle", "'plateau', 'cosine'"),
        ("lr_warmup_epochs", 20, "below epochs=20"),
        ("kl_weight", -1.0, ">= 0"),
        ("recon_weight", -1.0, ">= 0"),
        ("variational", 1, "true or false"),
    ],
)
def test_invalid_values_name_field_value_and_range(field: str, value: object, allowed: str) -> None:
    with pytest.raises(ConfigError) as error:
        get_config("full", **{field: value})
    message = str(error.value)
    assert message.startswith(f"{field}={value!r} is invalid")
    assert allowed in message


def test_message_format_example() -> None:
    with pytest.raises(ConfigError, match=r"^noise_factor=-0\.1 is invalid: must be a number in \[0, 1\]$"):
        get_config(noise_factor=-0.1)


def test_config_error_is_a_value_error() -> None:
    assert issubclass(ConfigError, ValueError)


def test_unknown_override_is_named() -> None:
    with pytest.raises(ConfigError, match="unknown config overrides: latent_size"):
        get_config(latent_size=8)


def test_dict_round_trip_through_json() -> None:
    cfg = get_config("quick", noise_factor=0.3)
    restored = Config.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert restored == cfg


def test_from_dict_rejects_unknown_keys_and_needs_profile() -> None:
    values = get_config().to_dict()
    with pytest.raises(ConfigError, match="unknown config keys: colour"):
        Config.from_dict({**values, "colour": "red"})
    del values["profile"]
    with pytest.raises(ConfigError, match="'profile'"):
        Config.from_dict(values)


def test_replace_returns_a_validated_copy() -> None:
    cfg = get_config()
    assert cfg.replace(epochs=3).epochs == 3
    assert cfg.epochs == 20
    with pytest.raises(ConfigError, match="epochs=0"):
        cfg.replace(epochs=0)
    with pytest.raises(ConfigError, match="unknown config fields: epoch"):
        cfg.replace(epoch=3)


def test_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_config().epochs = 3  # type: ignore[misc]


def test_class_profile_keeps_the_report_model_on_all_images() -> None:
    full, ders = get_config("full"), get_config("ders")
    assert ders.train_size is None and ders.epochs < full.epochs
    changed = {k for k, v in ders.to_dict().items() if v != full.to_dict()[k]}
    assert changed == {"profile", "epochs", "batch_size", "beta_warmup_epochs"}


def test_autoencoder_must_not_weight_a_kl_term() -> None:
    with pytest.raises(ConfigError, match="a plain autoencoder has no KL term, set kl_weight=0"):
        get_config(variational=False)
    assert get_config(variational=False, kl_weight=0.0).variational is False


def test_the_full_profile_is_the_report_setting():
    """Config's defaults and report_values.SETTINGS state the report's setting twice: they must agree."""
    full = get_config("full")
    assert {field: getattr(full, field) for field in report_values.SETTINGS} == report_values.SETTINGS
