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
# - **β ısınması**: $\beta = \min(1,\ \text{epoch} / E)$, $E$ = `beta_warmup_epochs` (raporunki); epoch epoch
#   değerlerini "β ısınması" slaytı yazdırır.
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

from vaelib import config, device, metrics, metrics_files, plots, report_values, runs, training
from vaelib.course import project

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
#   çıkar, sonra bir kosinüs eğrisiyle son adımda `min_learning_rate`'e iner; doğrulama kaybına bakmaz
#   (Loshchilov & Hutter, 2017).
# - `weight_decay > 0` Adam yerine AdamW seçer (Loshchilov & Hutter, 2019).
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
# şekiller ise, model hangi tipte eğitilmiş olursa olsun, **float64** çıkarımla hesaplanıp float32'ye
# yuvarlanır (`runs.load_vae`): her işlemcide aynı basamaklar çıksın diye.

# %%
print("eğitimin hesap tipi:", cfg.compute_dtype, "| defterlerdeki çıkarımın tipi:", device.INFERENCE_DTYPE)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Eğitim düzeneğini deneyelim: hızlı profil
#
# `quick` profili aynı kodu çok daha az görüntü ve epoch ile çalıştırır (kısa sürer; sayıları ikinci hücre
# yazdırır). İlk satır eğitimin bu makinede hangi tipte hesaplandığını söyler; sonra her epoch bir satır yazar,
# ilerleme çubuğu yoktur.

# %% tags=["nbval-ignore-output"]
# nbval-ignore-output: the compute dtype and the loss values depend on the machine; the next cell checks the run.
demo_dir = Path(tempfile.mkdtemp()) / "hizli"
quick_cfg = config.get_config("quick")
demo = training.train(quick_cfg, demo_dir)

# %%
demo_history = runs.read_history(demo_dir)
print(f"hızlı profil: {quick_cfg.train_size:,} eğitim ve {quick_cfg.val_size:,} doğrulama görüntüsü, "
      f"{len(demo_history)} epoch")
print("sütunlar raporla aynı:", list(demo_history.columns) == list(runs.HISTORY_COLUMNS))
print("doğrulama kaybı azaldı:", bool(demo_history["val_loss"].iloc[-1] < demo_history["val_loss"].iloc[0]))
print("tamamlandı:", runs.is_complete(demo_dir))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Derste canlı yeniden eğitim: `ders` profili
#
# `ders` profili raporun modelini ve amaç fonksiyonunu tüm eğitim bölmesinde, kısa bir bütçeyle eğitir:
# derste canlı çalıştırmak için. Terminalde
# `python -m vaelib train --profile ders --run-dir runs/ders_benim`, defterde
# `training.train(config.get_config("ders"), project.RUNS_DIR / "ders_benim")`.
# Depodaki `runs/ders` çalıştırması ne kadar sürdü, ne kadar iyi gürültü giderdi?

# %%
ders_dir = project.RUNS_DIR / "ders"
ders_cfg, ders_training = runs.load_config(ders_dir), runs.read_training(ders_dir)
psnr = {name: metrics_files.read_metrics(project.RUNS_DIR / name).loc["PSNR", metrics.COLUMNS[1]]
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
seed_dirs = [project.REFERENCE_RUN_DIR, *sorted((project.RUNS_DIR / "seeds").iterdir())]
seeds = pd.DataFrame({path.name: metrics_files.stored_scores(path) for path in seed_dirs}).T
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
run_dir = project.RUNS_DIR / "yeniden" if RETRAIN else project.REFERENCE_RUN_DIR
if RETRAIN:
    training.train(cfg, run_dir)
history = runs.read_history(run_dir)  # one row per epoch
run_cfg, timing = runs.load_config(run_dir), runs.read_training(run_dir)
print(f"{run_dir.name}: {len(history)} epoch, {timing['wall_time_s'] / 60:.1f} dakika "
      f"({timing['images_per_s']:.0f} görüntü/s), {run_cfg.lr_schedule} programı, {timing['compute_dtype']}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Son epoch: bizim model ve rapor
#
# Raporun ayarları ve eğitim kaydının (`history.csv`) son epoch'undaki kayıplar `vaelib/report_values.py`
# dosyasındadır. Aynı olan yalnız aşağıda sayılan ayarlardır. Mimari farklıdır (defter 02); raporun öğrenme
# oranı programı ve hesap tipi `report_values.py`'de yoktur (bizimkiler yukarıda yazdırıldı), o yüzden bu ikisi
# karşılaştırılamaz.

# %%
same = all(getattr(run_cfg, field) == value for field, value in report_values.SETTINGS.items())
print("raporla aynı ayarlar:", ", ".join(f"{field}={value}" for field, value in report_values.SETTINGS.items()))
print("bu alanların hepsi bu çalıştırmada da aynı:", same)
last, rows = history.iloc[-1], ["recon_loss", "kl_loss", "supcon_loss", "val_loss", "val_supcon_loss"]
pd.DataFrame({f"bizim model (epoch {last['epoch']:.0f})": [last[row] for row in rows],
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
    project.save_figure(curves[key], name)
    plt.close(curves[key])  # shown one per slide below, not all at once here

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Toplam kayıp
#
# Isınma boyunca β büyür, β·KL de onunla: toplam kayıp ilk epoch'lardaki düşüşten sonra, β 1'e varana
# kadar **yükselir**; sonra yavaşça iner. En düşük ve en yüksek olduğu ısınma epoch'ları:

# %%
warmup = history.head(run_cfg.beta_warmup_epochs)
low, high = warmup.loc[warmup["loss"].idxmin()], warmup.loc[warmup["loss"].iloc[1:].idxmax()]
print(f"en düşük: epoch {low['epoch']:.0f} ({low['loss']:.1f}), sonra en yüksek: epoch {high['epoch']:.0f} "
      f"({high['loss']:.1f}, β = {high['beta']:g}); son epoch {last['epoch']:.0f}: {last['loss']:.1f}")

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
# β küçükken model gizil uzayda çok bilgi taşır (yüksek KL); β 1'e çıktıkça KL düşer, sonra yerinde durur.

# %%
peak = history.loc[history["kl_loss"].idxmax()]
settled = history.iloc[run_cfg.beta_warmup_epochs - 1]  # the first epoch with β = 1
print(f"KL en yüksek: epoch {peak['epoch']:.0f} ({peak['kl_loss']:.1f} nat, β = {peak['beta']:g}); "
      f"β = {settled['beta']:g} olan ilk epoch {settled['epoch']:.0f}: {settled['kl_loss']:.1f}; "
      f"son epoch: {last['kl_loss']:.1f}")
curves["kl_loss"]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## β ısınması

# %%
print("β, epoch 1'den:", ", ".join(f"{beta:g}" for beta in history["beta"].head(run_cfg.beta_warmup_epochs + 1)), "…")
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
print(f"SupCon: epoch 1 {history['supcon_loss'].iloc[0]:.2f}, epoch {last['epoch']:.0f} {last['supcon_loss']:.2f}; "
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
#    - *İpucu:* `config.get_config("quick", gamma_sc=0.0)`, geçmiş tablosu `runs.read_history(...)`.
# 3. Hızlı profili eski öğrenme oranı kuralıyla (doğrulama kaybı durağanlaşınca yarıya indirme) eğitin.
#    Öğrenme oranı hangi epoch'ta değişti, doğrulama kaybı kosinüs programındakinden iyi mi?
#    - *İpucu:* `config.get_config("quick", lr_schedule="plateau", learning_rate=1e-3)`, sonra
#      `runs.read_history(...)[["epoch", "beta", "val_loss", "learning_rate"]]`.

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# Süre kısa kalsın diye hızlı profili eğitim görüntülerinin bir kısmıyla (`short_run`'daki `train_size`)
# çalıştırıyoruz. Karşılaştırma aynı bütçede olsun diye β ısınmalı çalıştırmayı da bu bütçeyle yeniden eğitiyoruz;
# bu kısa çalıştırma sonraki iki çözümde de karşılaştırma noktasıdır.

# %% slideshow={"slide_type": "skip"} tags=["solution", "nbval-ignore-output"]
# nbval-ignore-output: the compute dtype and the loss values depend on the machine; a later cell checks the runs.
def short_run(**changes):
    """Train the quick profile on 2,000 images with some fields changed; return its history as a DataFrame."""
    # float32 on every CPU (not bfloat16 where it is native): the checks below must not depend on the dtype
    run_cfg_short = config.get_config("quick", train_size=2000, compute_dtype="float32", **changes)
    run_dir_short = Path(tempfile.mkdtemp()) / "alistirma"
    training.train(run_cfg_short, run_dir_short, verbose=False)
    return runs.read_history(run_dir_short).set_index("epoch")


base = short_run()  # β warm-up, γ = 1, cosine: the quick profile as it is
base[["beta", "kl_loss", "val_kl_loss"]].round(2)

# %% slideshow={"slide_type": "skip"} tags=["solution", "nbval-ignore-output"]
# nbval-ignore-output: training losses depend on the machine (float32 or bfloat16); the next cell checks them.
constant = short_run(beta_schedule="constant")
pd.DataFrame({"β ısınmalı: β": base["beta"], "β ısınmalı: KL": base["kl_loss"],
              "β = 1: β": constant["beta"], "β = 1: KL": constant["kl_loss"]}).round(2)

# %% slideshow={"slide_type": "skip"} tags=["solution"]
print("β baştan 1:", bool((constant["beta"] == 1.0).all()),
      "| her epoch'ta KL ısınmalı çalıştırmanınkinden küçük:", bool((constant["kl_loss"] < base["kl_loss"]).all()))

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** β baştan 1 olunca KL her epoch'ta ısınmalı çalıştırmanınkinden küçüktür: KL terimine tam ağırlık
# verilince kodlayıcı koda daha az bilgi koyar. Isınma, eğitimin başında koda bilgi taşıması için alan açar;
# defter 02c'deki çöküş deneyi aynı etkiyi büyük bir β ile gösterir.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Aynı kısa bütçeyle γ = 0 eğitiyoruz: SupCon terimi kayba girmez, ama `supcon_loss` yine hesaplanıp kaydedilir.
# Bir yığında eşit olasılık veren softmax'ın değeri $\ln(\text{yığın} - 1)$'dir.

# %% slideshow={"slide_type": "skip"} tags=["solution", "nbval-ignore-output"]
# nbval-ignore-output: training losses depend on the machine (float32 or bfloat16); the next cell checks them.
no_supcon = short_run(gamma_sc=0.0)
pd.DataFrame({"γ = 1: SupCon": base["supcon_loss"], "γ = 0: SupCon": no_supcon["supcon_loss"],
              "γ = 0: doğrulama SupCon": no_supcon["val_supcon_loss"]}).round(3)

# %% slideshow={"slide_type": "skip"} tags=["solution"]
chance = math.log(quick_cfg.batch_size - 1)
print(f"eşit olasılık: ln({quick_cfg.batch_size - 1}) = {chance:.2f}")
first, final = no_supcon["supcon_loss"].iloc[0], no_supcon["supcon_loss"].iloc[-1]
print("γ = 0'da SupCon son epoch'ta düşmedi:", bool(final >= first))
print("γ = 0'da SupCon eşit olasılık değerine 0,1'den yakın:", bool(abs(final - chance) < 0.1))
print("γ = 1'de SupCon, γ = 0'dakinden düşük:", bool(base["supcon_loss"].iloc[-1] < final))

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Hayır: γ = 0'da `supcon_loss` düşmez, hiçbir şey öğrenmemiş bir softmax'ın değerine çok yakın
# kalır. Yeniden oluşturma ve KL, $\mu$'ları kendiliğinden sınıflara göre kümelemeye yetmiyor; SupCon'u düşüren
# terimin kendisidir. Bu kısa bütçede γ = 1'de düşer; referans çalıştırmanın uzun eğitiminde ise γ = 1'de bile
# eşit olasılık değerine doğru yükseldiğini yukarıda gördük.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# Plato kuralıyla (sabit başlangıç oranı, durağanlıkta yarıya indirme) aynı kısa bütçeyi eğitip öğrenme oranını ve
# doğrulama kaybını kosinüslü kısa çalıştırmayla karşılaştırıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution", "nbval-ignore-output"]
# nbval-ignore-output: training losses depend on the machine (float32 or bfloat16); the next cell checks them.
plateau_changes = {"lr_schedule": "plateau", "learning_rate": 1e-3}
plateau = short_run(**plateau_changes)
pd.DataFrame({"plato: β": plateau["beta"], "plato: oran": plateau["learning_rate"],
              "plato: val_loss": plateau["val_loss"], "kosinüs: oran": base["learning_rate"],
              "kosinüs: val_loss": base["val_loss"]}).round(5)

# %% slideshow={"slide_type": "skip"} tags=["solution"]
plateau_cfg = config.get_config("quick", train_size=2000, compute_dtype="float32", **plateau_changes)
print(f"plato kuralının izlediği ilk epoch: {training.plateau_start_epoch(plateau_cfg)}; "
      f"epoch sayısı: {plateau_cfg.epochs}")
print("öğrenme oranı hiç değişmedi:", bool((plateau["learning_rate"] == plateau["learning_rate"].iloc[0]).all()))
print("son epoch'un doğrulama kaybı kosinüstekinden düşük:",
      bool(plateau["val_loss"].iloc[-1] < base["val_loss"].iloc[-1]))
print("epoch başlarında oran: plato", plateau["learning_rate"].round(5).tolist(),
      "| kosinüs", base["learning_rate"].round(5).tolist())

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Öğrenme oranı hiç değişmedi: kural durağanlığı ancak β ısınması bittikten sonra izler, ısınma ise bu iki
# epoch'tan uzundur. Bu kısa bütçede plato çalıştırmasının doğrulama kaybı daha düşüktür, çünkü kosinüs programı
# ilk epoch'u çok küçük bir oranla ısınarak geçirir; plato ise ilk adımdan sabit oranla öğrenir. Bu, iki epoch'luk
# bir karşılaştırmadır: tam eğitimde kosinüs programının doğrulama kaybına bakmadan inmesi, ısınma tuzağından
# kaçınmanın yoludur (defter 02).
