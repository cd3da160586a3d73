# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Eğitim
#
# - Adam, öğrenme oranı $10^{-3}$; 256'lık yığınlar, 20 epoch, 54.000 eğitim görüntüsü.
# - **β ısınması**: $\beta = \min(1, \text{epoch}/8)$, yani 0,125 → 1,0.
# - **Öğrenme oranı**: ısınmadan sonra doğrulama kaybı bir epoch iyileşmezse yarıya iner.
# - Her epoch sonunda `history.csv` satırı ve bir kontrol noktası yazılır; yarıda kesilen
#   eğitim aynı komutla kaldığı yerden sürer: `python -m vaelib train --run-dir DIZIN`.

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import tempfile
from pathlib import Path

import pandas as pd

from vaelib import config, plots, runs, training

cfg = config.get_config()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ayarlar
#
# Tüm ayarlar tek bir değişmez `Config` nesnesindedir; çalıştırma dizinine `config.json` olarak
# yazılır.

# %%
settings = pd.Series(cfg.to_dict(), name="değer").to_frame()
half = (len(settings) + 1) // 2
settings.iloc[:half]

# %% slideshow={"slide_type": "subslide"}
settings.iloc[half:]

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Eğitim düzeneğini deneyelim: hızlı profil
#
# `quick` profili aynı kodu 6.000 görüntü ve 2 epoch ile çalıştırır (birkaç saniye). Her epoch
# bir satır yazar; ilerleme çubuğu yoktur.

# %% tags=["nbval-ignore-output"]
# nbval-ignore-output: the loss values depend on the CPU's floating-point kernels; the next cell checks them.
demo_dir = Path(tempfile.mkdtemp()) / "hizli"
demo = training.train(config.get_config("quick"), demo_dir)

# %%
demo_history = runs.read_history(demo_dir)
print("sütunlar raporla aynı:", list(demo_history[0]) == list(runs.HISTORY_COLUMNS))
print("doğrulama kaybı azaldı:", demo_history[-1]["val_loss"] < demo_history[0]["val_loss"])
print("tamamlandı:", runs.is_complete(demo_dir))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Tam eğitim: referans çalıştırma
#
# Rapordaki sonuçlar depoya işlenmiş `runs/reference` çalıştırmasından gelir. Bu dizin şu
# komutla üretildi (boşta bu 2 çekirdekli işlemcide ≈ 13 dakika; `python -m vaelib bench`
# 1.424 görüntü/s ölçtü):
#
# `python -m vaelib train --profile full --run-dir runs/reference`
#
# Yeniden eğitmek için aşağıda `RETRAIN = True` yapın; yeni çalıştırma `runs/yeniden` dizinine yazılır.

# %%
RETRAIN = False
run_dir = config.RUNS_DIR / "yeniden" if RETRAIN else config.REFERENCE_RUN_DIR
if RETRAIN:
    training.train(cfg, run_dir)
history = runs.read_history(run_dir)
print(f"{run_dir.name}: {len(history)} epoch")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Son epoch: bizim model ve rapor
#
# Raporun 20. epoch'u: yeniden oluşturma 231,2, KL 15,5, doğrulama kaybı 254,2.

# %%
last = history[-1]
pd.DataFrame({
    "bizim model": [last["recon_loss"], last["kl_loss"], last["supcon_loss"], last["val_loss"]],
    "rapor": [231.2, 15.5, None, 254.2],
}, index=["recon_loss", "kl_loss", "supcon_loss", "val_loss"]).round(1)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Toplam kayıp
#
# Isınma boyunca β·KL büyüdüğü için toplam kayıp ilk epoch'larda yavaş düşer.

# %%
fig = plots.history_curve(history, "loss")
saved = plots.save_figure(fig, "03_toplam_kayip")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Yeniden oluşturma kaybı

# %%
fig = plots.history_curve(history, "recon_loss")
saved = plots.save_figure(fig, "03_yeniden_olusturma_kaybi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## KL ıraksaması
#
# β küçükken model gizil uzayda çok bilgi taşır (yüksek KL); β 1'e çıktıkça KL düşer.

# %%
fig = plots.history_curve(history, "kl_loss")
saved = plots.save_figure(fig, "03_kl_kaybi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## β ısınması

# %%
fig = plots.history_curve(history, "beta")
saved = plots.save_figure(fig, "03_beta_isinmasi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## SupCon kaybı
#
# Sınıf bilgisi yalnızca bu terimle girer: aynı sınıfın $\mu$ vektörleri birbirine yaklaşır.

# %%
fig = plots.history_curve(history, "supcon_loss")
saved = plots.save_figure(fig, "03_supcon_kaybi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Öğrenme oranı

# %%
fig = plots.history_curve(history, "learning_rate")
saved = plots.save_figure(fig, "03_ogrenme_orani")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. Hızlı profili β ısınması olmadan (baştan β = 1) eğitin ve KL değerlerini yukarıdaki hızlı
#    çalıştırmanınkilerle karşılaştırın.
#    - *İpucu:* `training.train(config.get_config("quick", beta_schedule="constant"), yeni_dizin)`, sonra
#      `runs.read_history(yeni_dizin)`; dizin için `Path(tempfile.mkdtemp())`.
# 2. Hızlı profili SupCon terimi kapalıyken (γ = 0) eğitin. `supcon_loss` yine de düşüyor mu?
#    - *İpucu:* `config.get_config("quick", gamma_sc=0.0)`, geçmiş tablosu için `pd.DataFrame(runs.read_history(...))`.
# 3. Referans çalıştırmada öğrenme oranı hangi epoch'larda yarıya indi, doğrulama kaybı en düşük hangi
#    epoch'ta? O epoch'taki β değeri bu sonucu nasıl açıklıyor?
#    - *İpucu:* `pd.DataFrame(history)[["epoch", "beta", "val_loss", "learning_rate"]]` ve `idxmin()`.

# %% slideshow={"slide_type": "skip"}
