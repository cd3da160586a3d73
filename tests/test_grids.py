"""How the notebooks state a comparison over seeds and check a sentence against it (``vaelib.course.grids``)."""

from __future__ import annotations

import pandas as pd

from vaelib.course import grids

# Setting "b" beats "a" on psnr with every seed; on ssim their seeds overlap.
ROWS = pd.DataFrame(
    {"psnr": [17.0, 17.1, 17.2, 17.5, 17.6, 17.4], "ssim": [0.50, 0.52, 0.54, 0.51, 0.53, 0.55]},
    index=["a", "a", "a", "b", "b", "b"],
)


def test_beats_needs_separated_seeds_and_the_asked_direction():
    assert grids.beats(ROWS, "a", "b", "psnr", +1)
    assert not grids.beats(ROWS, "a", "b", "psnr", -1), "b is higher, not lower"
    assert grids.beats(ROWS, "b", "a", "psnr", -1)
    assert not grids.beats(ROWS, "a", "b", "ssim", +1), "overlapping seeds show no difference"


def test_print_comparison_prints_means_difference_spread_and_verdict(capsys):
    grids.print_comparison(ROWS, "a", "b", ["psnr", "ssim"])
    psnr, ssim = capsys.readouterr().out.splitlines()
    assert psnr == f"{'psnr':16s} a → b: 17.100 → 17.500 (+0.400; tohumlar arası sd ≤ 0.100) ayrık: gerçek fark"
    assert ssim.endswith("(+0.010; tohumlar arası sd ≤ 0.020) örtüşüyor: fark gösterilemedi")


def test_print_checks_says_evet_or_hayir_before_each_claim(capsys):
    grids.print_checks(
        {
            "b, a'dan iyi": grids.beats(ROWS, "a", "b", "psnr", +1),
            "a, b'den iyi": grids.beats(ROWS, "b", "a", "psnr", +1),
        }
    )
    assert capsys.readouterr().out == "evet  b, a'dan iyi\nhayır a, b'den iyi\n"
