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
# - Yığın boyu, epoch sayısı, optimizasyon ve öğrenme oranı programı tek bir `Config` nesnesinden gelir;
#   değerlerini aşağıdaki hücreler yazdırır.
# - **β ısınması**: $\beta = \min(1, \text{epoch}/8)$, yani 0,125 → 1,0 (raporunki).
# - Her epoch sonunda `history.csv` satırı ve bir kontrol noktası yazılır; yarıda kesilen
#   eğitim aynı komutla kaldığı yerden sürer: `python -m vaelib train --run-dir DIZIN`.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Eğitim ayarlarını `Config` nesnesinden okumak; β ısınmasını, plato ve kosinüs öğrenme oranı
# programlarını açıklamak; hızlı profille kısa bir eğitim çalıştırmak; sonucun tohuma ve hesap tipine ne kadar bağlı
# olduğunu değerlendirmek; referans çalıştırmanın eğitim eğrilerini yorumlamak.
#
# **Süre:** yaklaşık 40 dakika. **Önkoşullar:** defter 01 ve 02; gradyan inişi, Adam, epoch ve yığın kavramları.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import math
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from vaelib import config, evaluation, metrics, metrics_files, plots, report_values, runs, training

cfg = config.get_config()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ayarlar
#
# Tüm ayarlar tek bir değişmez `Config` nesnesindedir; çalıştırma dizinine `config.json` olarak
# yazılır.

# %%
settings = list(cfg.to_dict().items())
rows = -(-len(settings) // 3)  # three columns of settings, so that the table fits a slide
settings += [("", "")] * (3 * rows - len(settings))
pd.DataFrame([sum(settings[row::rows], ()) for row in range(rows)], columns=["ayar", "değer"] * 3)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Optimizasyon ve öğrenme oranı
#
# - **Plato** (`lr_schedule="plateau"`): Adam sabit bir oranla başlar; β ısınması bittikten sonra doğrulama
#   kaybı `lr_patience` epoch iyileşmezse oran `lr_factor` ile çarpılır (en az `min_learning_rate`).
# - **Kosinüs** (`"cosine"`): oran ilk `lr_warmup_epochs` epoch'ta doğrusal olarak `learning_rate`'e
#   çıkar, sonra bir kosinüs eğrisiyle son adımda `min_learning_rate`'e iner; doğrulama kaybına bakmaz.
# - `weight_decay > 0` Adam yerine AdamW seçer.
#
# Bu profilin seçimleri:

# %%
print("optimizer:", f"AdamW (weight_decay={cfg.weight_decay:g})" if cfg.weight_decay else "Adam")
if cfg.lr_schedule == "cosine":
    print(f"öğrenme oranı: kosinüs, {cfg.lr_warmup_epochs} epoch ısınma → {cfg.learning_rate:g} "
          f"→ {cfg.min_learning_rate:g} (son adım)")
else:
    print(f"öğrenme oranı: plato, başlangıç {cfg.learning_rate:g}; izlenen ilk epoch "
          f"{training.plateau_start_epoch(cfg)}, {cfg.lr_patience} epoch iyileşme yoksa × {cfg.lr_factor:g} "
          f"(en az {cfg.min_learning_rate:g})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Hangi sayı tipinde?
#
# `compute_dtype`, eğitimde evrişimlerin sayı tipidir; değişkenler, örnekleme ve kayıplar hep float32
# kalır. Varsayılan `"auto"`, bfloat16'yı yalnızca onu donanımda hesaplayan makinede seçer (AVX-512 BF16
# ya da AMX'li işlemci, yeni bir GPU); başka yerde bfloat16 taklit edilir ve çok yavaştır, o yüzden
# float32 seçer. Kullanılan tip çalıştırmanın `training.json` dosyasına yazılır. Defterlerdeki sayılar ve
# şekiller ise, model hangi tipte eğitilmiş olursa olsun, **float32** çıkarımla hesaplanır: her işlemcide
# aynı basamaklar çıksın diye.

# %%
print("hesap tipi:", cfg.compute_dtype)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Eğitim düzeneğini deneyelim: hızlı profil
#
# `quick` profili aynı kodu 6.000 görüntü ve 2 epoch ile çalıştırır (kısa sürer). İlk satır eğitimin
# bu makinede hangi tipte hesaplandığını söyler; sonra her epoch bir satır yazar, ilerleme çubuğu yoktur.

# %% tags=["nbval-ignore-output"]
# nbval-ignore-output: the compute dtype and the loss values depend on the machine; the next cell checks the run.
demo_dir = Path(tempfile.mkdtemp()) / "hizli"
demo = training.train(config.get_config("quick"), demo_dir)

# %%
demo_history = runs.read_history(demo_dir)
print("sütunlar raporla aynı:", list(demo_history[0]) == list(runs.HISTORY_COLUMNS))
print("doğrulama kaybı azaldı:", demo_history[-1]["val_loss"] < demo_history[0]["val_loss"])
print("tamamlandı:", runs.is_complete(demo_dir))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Derste canlı yeniden eğitim: `ders` profili
#
# `ders` profili raporun modelini ve amaç fonksiyonunu tüm eğitim bölmesinde, kısa bir bütçeyle eğitir:
# derste canlı çalıştırmak için. Terminalde
# `python -m vaelib train --profile ders --run-dir runs/ders_benim`, defterde
# `training.train(config.get_config("ders"), config.RUNS_DIR / "ders_benim")`.
# Depodaki `runs/ders` çalıştırması ne kadar sürdü, ne kadar iyi gürültü giderdi?

# %%
ders_dir = config.RUNS_DIR / "ders"
ders_cfg, ders_training = runs.load_config(ders_dir), runs.read_training(ders_dir)
psnr = {name: metrics_files.read_metrics(config.RUNS_DIR / name).loc["PSNR", metrics.COLUMNS[1]]
        for name in ("ders", "reference")}
print(f"ders: {ders_cfg.epochs} epoch, {ders_training['wall_time_s'] / 60:.1f} dakika "
      f"({ders_training['compute_dtype']}); test PSNR {psnr['ders']:.3f} dB")
report_psnr = report_values.DENOISING_MEANS["PSNR"][1]
print(f"karşılaştırma: referans {psnr['reference']:.3f} dB, rapor {report_psnr:.3f} dB")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sonuç tohuma ne kadar bağlı? bfloat16 neye mal oluyor?
#
# Referans ayarı iki tohumla daha ve aynı tohumla float32'de de eğitildi, örneğin
# `python -m vaelib train --profile full --set seed=1 --run-dir runs/seeds/seed_1` ve
# `--set compute_dtype=float32`. Depoda bu çalıştırmaların ağırlıkları değil, ölçümleri durur. Bu tohumlar başka
# işlerle aynı anda eğitildi, süreleri karşılaştırılamaz: hız farkını `python -m vaelib bench` aynı süreçte ölçer.

# %%
seed_dirs = [config.REFERENCE_RUN_DIR, *sorted((config.RUNS_DIR / "seeds").iterdir())]
seeds = pd.DataFrame({path.name: evaluation.stored_scores(path) for path in seed_dirs}).T
seeds[["seed", "compute_dtype", "psnr", "ssim", "knn5_acc"]]

# %% slideshow={"slide_type": "subslide"}
bf16 = seeds[seeds["compute_dtype"] == "bfloat16"]
for column, unit, digits in (("psnr", " dB", 3), ("ssim", "", 4), ("knn5_acc", "", 4)):
    values = bf16[column].astype(float)
    print(f"bfloat16, {len(values)} tohum: {column} {values.mean():.{digits}f} ± {values.std(ddof=1):.{digits}f}{unit}")
same_seed = seeds[seeds["seed"] == cfg.seed].set_index("compute_dtype")
print(f"aynı tohum, float32 − bfloat16: PSNR {same_seed.loc['float32', 'psnr'] - same_seed.loc['bfloat16', 'psnr']:+.3f} dB")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Tam eğitim: referans çalıştırma
#
# Rapordaki sonuçlar depodaki `runs/reference` çalıştırmasından gelir; süresi dizinindeki `training.json`
# dosyasındadır. Komutu: `python -m vaelib train --profile full --run-dir runs/reference`. Yeniden eğitmek
# için aşağıda `RETRAIN = True` yapın; yeni çalıştırma `runs/yeniden` dizinine yazılır.

# %%
RETRAIN = False
run_dir = config.RUNS_DIR / "yeniden" if RETRAIN else config.REFERENCE_RUN_DIR
if RETRAIN:
    training.train(cfg, run_dir)
history = runs.read_history(run_dir)
run_cfg, timing = runs.load_config(run_dir), runs.read_training(run_dir)
print(f"{run_dir.name}: {len(history)} epoch, {timing['wall_time_s'] / 60:.1f} dakika "
      f"({timing['images_per_s']:.0f} görüntü/s), {run_cfg.lr_schedule} programı, {timing['compute_dtype']}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Son epoch: bizim model ve rapor
#
# Raporun ayarları ve eğitim kaydının (`history.csv`) son epoch'undaki kayıplar `vaelib/report_values.py`
# dosyasındadır. Aynı olan yalnız aşağıda sayılan ayarlardır: öğrenme oranı programı (raporun kaydında
# oran doğrulama kaybına göre yarıya iner, bizde kosinüs), hesap tipi ve mimari (defter 02) farklıdır.

# %%
same = all(getattr(run_cfg, field) == value for field, value in report_values.SETTINGS.items())
print("raporla aynı ayarlar:", ", ".join(f"{field}={value}" for field, value in report_values.SETTINGS.items()))
print("bu alanların hepsi bu çalıştırmada da aynı:", same)
last, rows = history[-1], ["recon_loss", "kl_loss", "supcon_loss", "val_loss", "val_supcon_loss"]
pd.DataFrame({f"bizim model (epoch {last['epoch']})": [last[row] for row in rows],
              f"rapor (epoch {report_values.EPOCHS})": [report_values.LAST_EPOCH.get(row) for row in rows]},
             index=rows).round(1)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Eğitim eğrileri
#
# Altı eğri tek döngüyle çizilir ve `figures/` altına kaydedilir; her biri sonraki slaytlardan birinde.

# %%
CURVES = {"loss": "03_toplam_kayip", "recon_loss": "03_yeniden_olusturma_kaybi", "kl_loss": "03_kl_kaybi",
          "beta": "03_beta_isinmasi", "supcon_loss": "03_supcon_kaybi", "learning_rate": "03_ogrenme_orani"}
curves = {}
for key, name in CURVES.items():
    curves[key] = plots.history_curve(history, key)
    plots.save_figure(curves[key], name)
    plt.close(curves[key])  # shown one per slide below, not all at once here

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Toplam kayıp
#
# Isınma boyunca β büyür, β·KL de onunla: toplam kayıp ilk epoch'lardaki düşüşten sonra, β 1'e varana
# kadar **yükselir**; sonra yavaşça iner. En düşük ve en yüksek olduğu ısınma epoch'ları:

# %%
warmup = history[:run_cfg.beta_warmup_epochs]
low, high = min(warmup, key=lambda row: row["loss"]), max(warmup[1:], key=lambda row: row["loss"])
print(f"en düşük: epoch {low['epoch']} ({low['loss']:.1f}), sonra en yüksek: epoch {high['epoch']} "
      f"({high['loss']:.1f}, β = {high['beta']:g}); son epoch {last['epoch']}: {last['loss']:.1f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Toplam kayıp: eğri

# %%
curves["loss"]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Yeniden oluşturma kaybı

# %%
curves["recon_loss"]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## KL ıraksaması
#
# β küçükken model gizil uzayda çok bilgi taşır (yüksek KL); β 1'e çıktıkça KL düşer.

# %%
curves["kl_loss"]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## β ısınması

# %%
curves["beta"]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## SupCon kaybı
#
# Sınıf bilgisi yalnızca bu terimle girer; amacı aynı sınıfın $\mu$ vektörlerini birbirine yaklaştırmaktır.
# Bu çalıştırmada bunu yaptığını gösteren bir iz yok: kayıp düşmez, **yükselir** ve bir yığındaki diğer
# görüntülere eşit olasılık veren (hiçbir şey öğrenmemiş) bir softmax'ın değerine, $\ln(\text{yığın} - 1)$'e
# yaklaşır. Raporun eğitim kaydında ise SupCon bu değerin epey altında biter (yukarıdaki son epoch
# tablosu): orada terim bir şey öğrenmiş görünüyor. Farkın nedeni (öğrenme oranı programı, mimari, hesap
# tipi) henüz ölçülmedi; 784 piksel üzerinden toplanan yeniden oluşturma kaybının yanında γ = 1 ağırlıklı
# bu terim bizim modelde zayıf kalıyor olabilir. Ağırlığını değiştirmek defter 08'in konusudur.

# %%
print(f"SupCon: epoch 1 {history[0]['supcon_loss']:.2f}, epoch {last['epoch']} {last['supcon_loss']:.2f}; "
      f"eşit olasılık: ln({run_cfg.batch_size - 1}) = {math.log(run_cfg.batch_size - 1):.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## SupCon kaybı: eğri

# %%
curves["supcon_loss"]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Öğrenme oranı
#
# Plato programında basamaklar (oranın her düşüşünde bir), kosinüs programında ısınmadan sonra düzgün
# inen bir eğri. Bu çalıştırmanın programı yukarıda yazdırıldı.

# %%
curves["learning_rate"]

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
# 3. Hızlı profili eski öğrenme oranı kuralıyla (doğrulama kaybı durağanlaşınca yarıya indirme) eğitin.
#    Öğrenme oranı hangi epoch'ta değişti, doğrulama kaybı kosinüs programındakinden iyi mi?
#    - *İpucu:* `config.get_config("quick", lr_schedule="plateau", learning_rate=1e-3)`, sonra
#      `pd.DataFrame(runs.read_history(...))[["epoch", "beta", "val_loss", "learning_rate"]]`.

# %% slideshow={"slide_type": "skip"}
