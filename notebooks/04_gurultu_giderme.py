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
# # Gürültü Giderme: Sayısal Sonuçlar
#
# Eğitilmiş model 10.000 test görüntüsünün gürültülü hâllerini (gürültü katsayısı 0,45, sabit
# tohum) görür; çıktısı, $\mu$'nün çözülmüş hâlidir (örnekleme yok). İki karşılaştırma:
#
# - **taban çizgisi**: gürültülü girdi ↔ temiz görüntü (hiçbir şey yapmasak),
# - **VAE**: yeniden oluşturma ↔ temiz görüntü.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Gürültü gidermeyi MSE, PSNR ve SSIM ile, gürültülü girdi taban çizgisine göre ölçmek;
# sonuçları raporun tablosuyla karşılaştırmak; SSIM değerinin pencere seçimine bağlı olduğunu görmek; çıktıların
# neden bulanık olduğunu koşullu ortalamayla açıklamak.
#
# **Süre:** yaklaşık 20 dakika. **Önkoşullar:** defter 01–03 (gürültü modeli, model, referans eğitim); logaritma.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import numpy as np

from vaelib import data, evaluation, metrics, metrics_files, plots, runs
from vaelib.course import project

run_dir = runs.require_complete(project.REFERENCE_RUN_DIR)  # or a run of yours: runs.require_complete("runs/...")
vae, cfg = runs.load_vae(run_dir)
test = evaluation.held_out_set(vae, cfg, data.load_splits(cfg))
print(f"{len(test.labels)} test görüntüsü, gürültü katsayısı {cfg.noise_factor}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## PSNR ve SSIM nedir?
#
# Bir görüntü çifti $x, y$ için ($n$ piksel, değerler $[0, L]$ aralığında, burada $L = 1$):
#
# $$\mathrm{MSE} = \frac{1}{n}\sum_i (x_i - y_i)^2, \qquad \mathrm{PSNR} = 10 \log_{10} \frac{L^2}{\mathrm{MSE}}\ \text{dB}.$$
#
# SSIM (Wang ve ark., 2004) her pencerede parlaklık, karşıtlık ve yapıyı birlikte karşılaştırır, pencerelerin
# ortalamasını alır ($\mu$, $\sigma$: pencere ortalaması ve standart sapması, $c_1 = (0{,}01L)^2$, $c_2 = (0{,}03L)^2$):
#
# $$\mathrm{SSIM}(x, y) = \frac{(2\mu_x\mu_y + c_1)(2\sigma_{xy} + c_2)}{(\mu_x^2 + \mu_y^2 + c_1)(\sigma_x^2 + \sigma_y^2 + c_2)}.$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Hangi ortalama?
#
# Rapor gibi biz de PSNR'ı **görüntü başına** hesaplayıp ortalarız. Ortalama MSE'nin PSNR'ı başka bir
# sayıdır: logaritma içbükey olduğu için görüntü başına PSNR'ların ortalaması ondan büyük ya da ona eşittir
# (Jensen eşitsizliği). İkisi yan yana:

# %%
per_image = metrics.psnr(test.reconstruction, test.clean)
mean_mse = metrics.mse(test.reconstruction, test.clean).mean()
print(f"görüntü başına PSNR'ların ortalaması: {per_image.mean():.3f} dB")
print(f"ortalama MSE'nin PSNR'ı:              {10 * np.log10(1.0 / mean_mse):.3f} dB")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Metrikler
#
# MSE, PSNR (dB, veri aralığı 1,0) ve SSIM (11×11 Gauss penceresi, σ = 1,5; `tf.image.ssim` ile
# aynı tanım) test kümesi üzerinde ortalanır. Çıktı, raporun `metrics.txt` dosyasıyla satır satır
# aynı biçimdedir. Altındaki ek satır skimage'in varsayılan SSIM'idir (7×7 düzgün pencere): aynı
# görüntülerde başka bir değer verir, raporla karşılaştırılamaz; bu yüzden ayrı bir dosyaya yazılır.

# %%
table = evaluation.denoising_metrics(test)
print(metrics_files.metrics_text(table, cfg.noise_factor, cfg.latent_dim, cfg.batch_size, cfg.epochs))
print(metrics_files.extra_csv_text(table))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Raporla karşılaştırma
#
# Raporun tablosu (`metrics_files.REPORT_METRICS`; sayıları tek bir yerde, `vaelib/report_values.py`
# dosyasında yazılı) ile bizimkiler yan yana, altında hangisinin daha iyi olduğu:

# %%
print(f"{'':6s}{'rapor taban':>13s}{'bizim taban':>13s}{'rapor VAE':>12s}{'bizim VAE':>12s}")
for metric, digits in metrics_files.REPORT_DECIMALS.items():
    report, ours = metrics_files.REPORT_METRICS.loc[metric], table.loc[metric]
    print(f"{metric:6s}{report.iloc[0]:13.{digits}f}{ours.iloc[0]:13.{digits}f}"
          f"{report.iloc[1]:12.{digits}f}{ours.iloc[1]:12.{digits}f}")
for metric in metrics_files.REPORT_DECIMALS:
    ours, report = table.loc[metric].iloc[1], metrics_files.REPORT_METRICS.loc[metric].iloc[1]
    print(f"{metric}: {'bizim model' if (ours < report) == (metric == 'MSE') else 'raporun modeli'} daha iyi")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gürültü giderme örnekleri
#
# Sabit test indeksleri: her sınıfın testteki ilk görüntüsü. Satırlar: gürültülü girdi, VAE
# çıktısı, temiz hedef.

# %%
shown = data.first_indices_per_class(test.labels, per_class=1)[:, 0]
rows = [test.noisy[shown], test.reconstruction[shown], test.clean[shown]]
fig = plots.image_rows(rows, row_titles=[plots.text("noisy_input"), plots.text("vae_output"),
                                         plots.text("clean_target")], suptitle=plots.text("denoising"))
saved = project.save_figure(fig, "04_gurultu_giderme")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - Gürültü neredeyse tamamen gider; bu örneklerde şekil ve sınıf korunur.
# - İnce ayrıntılar (desenler, yazılar, düğmeler) kaybolur. Neden? Aynı gürültülü girdiye uyan birçok temiz
#   görüntü vardır. BCE'yi (ya da MSE'yi) en küçükleyen çıktı her pikselde bu görüntülerin **koşullu
#   ortalamasıdır**: BCE hedefte doğrusaldır, beklenen BCE de ortalama hedefin BCE'sidir ve tahmin hedefe
#   eşitken en küçüktür (defter 02c). Ortalama da bulanıktır.
# - Bunu KL terimine bağlamak yanlış olur: KL terimi olmayan düz otokodlayıcı da aynı ölçüde bulanık
#   gürültü giderir (defter 07b).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Kaşif: görüntüyü ve gürültüyü siz seçin
#
# Bir sınıf, o sınıftan bir örnek ve bir gürültü düzeyi seçin: gürültülü girdi, VAE çıktısı ve temiz hedef,
# altında da PSNR ve SSIM. Her görüntünün gürültü deseni sabittir, kaydırıcı yalnız düzeyini ölçekler.
# Slaytlarda ve sitede kaşifin ilk hâlinin resmi görünür; canlı hâli JupyterLab'de çalışır.

# %%
from vaelib.course import explorers

denoiser = explorers.denoiser(vae, test.clean, test.labels, cfg.noise_factor, cfg.seed)
denoiser

# %% [markdown] slideshow={"slide_type": "fragment"}
# İlk hâlin ölçümleri (kaydırıcıyı oynattıkça değişir; burada saklanan, defterin doğrulanan çıktısıdır):

# %%
print(explorers.readout_text(denoiser))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. Referans modeli başka gürültü düzeylerinde (ör. 0,2 ve 0,7) test edin. VAE'nin PSNR ve SSIM
#    kazancı gürültüyle nasıl değişiyor?
#    - *İpucu:* `evaluation.noise_robustness(vae, cfg, test.clean, [0.2, 0.45, 0.7])`.
# 2. Modelin en çok zorlandığı sekiz test görüntüsünü bulup girdi, çıktı ve hedef olarak çizin. Hangi
#    sınıflardan çıkıyorlar?
#    - *İpucu:* `metrics.psnr(test.reconstruction, test.clean).argsort()[:8]`, sonra `plots.image_rows`.
# 3. Sınıf başına ortalama SSIM'i hesaplayın: en iyi ve en kötü giderilen sınıflar hangileri?
#    - *İpucu:* `metrics.ssim(test.reconstruction, test.clean)` görüntü başına SSIM verir; `test.labels == c` ile seçin.

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# Aynı temiz test görüntülerine üç düzeyde sabit tohumlu gürültü ekleyip girdinin ve VAE çıktısının PSNR ve
# SSIM'ini ölçüyoruz; kazanç, ikisinin farkıdır. Hız için test kümesinden sınıf başına eşit bir alt küme yeter.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
from vaelib import latent

subset = latent.subsample(len(test.labels), 2000, seed=cfg.seed, labels=test.labels)
robust = evaluation.noise_robustness(vae, cfg, test.clean[subset], [0.2, cfg.noise_factor, 0.7])
robust["psnr_gain"] = robust["vae_psnr"] - robust["baseline_psnr"]
robust["ssim_gain"] = robust["vae_ssim"] - robust["baseline_ssim"]
print(f"{len(subset)} test görüntüsü, eğitimdeki gürültü {cfg.noise_factor}")
print(robust.round(3).to_string())
print("en büyük PSNR kazancı:", robust["psnr_gain"].idxmax(), "| en büyük SSIM kazancı:", robust["ssim_gain"].idxmax())
print("az gürültüde VAE PSNR'ı eğitim düzeyindekinden düşük:",
      robust["vae_psnr"].iloc[0] < robust.loc[cfg.noise_factor, "vae_psnr"])

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Kazanç gürültüyle tekdüze değişmez: PSNR'da da SSIM'de de en büyük kazanç, modelin eğitildiği gürültü
# düzeyindedir. Az gürültüde girdi zaten iyi olduğu için kazanç küçülür; VAE çıktısı ise daha iyi olmaz, eğitim
# düzeyindekinden biraz kötüdür: model bu kadar temiz girdiyi hiç görmedi ve çıktısının bulanıklığı girdiden
# bağımsız bir tavan koyar. Çok gürültüde VAE hâlâ girdiden çok iyidir ama mutlak kalitesi belirgin biçimde düşer.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Görüntü başına PSNR'ı en düşük sekiz test görüntüsünü seçip girdi, çıktı ve hedef olarak çiziyoruz. Sekiz
# görüntü sınıflar hakkında az şey söyler; bu yüzden en kötü yüz görüntünün sınıflarını da sayıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import matplotlib.pyplot as plt

from vaelib import classes

psnr = metrics.psnr(test.reconstruction, test.clean)
worst = psnr.argsort()[:8]
print("PSNR (dB):", " ".join(f"{value:.2f}" for value in psnr[worst]))
print("sınıflar: ", ", ".join(classes.CLASS_NAMES_TR[label] for label in test.labels[worst]))
rows = [test.noisy[worst], test.reconstruction[worst], test.clean[worst]]
titles = [plots.text("noisy_input"), plots.text("vae_output"), plots.text("clean_target")]
fig = plots.image_rows(rows, row_titles=titles, suptitle="En düşük PSNR'lı sekiz test görüntüsü")
plt.show()

# %% slideshow={"slide_type": "skip"} tags=["solution"]
worst_100 = psnr.argsort()[:100]
counts = np.bincount(test.labels[worst_100], minlength=len(classes.CLASS_NAMES_TR))
print("en kötü 100 görüntü:",
      ", ".join(f"{classes.CLASS_NAMES_TR[c]} {counts[c]}" for c in np.argsort(-counts, kind="stable")))
edges = np.abs(np.diff(test.clean, axis=2)).mean(axis=(1, 2, 3))  # mean jump between horizontal neighbours
print(f"temiz görüntüde yan yana pikseller arası ortalama fark: en kötü 100 {edges[worst_100].mean():.3f}, "
      f"bütün test {edges.mean():.3f}")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** En kötü sekiz görüntüyü sınıfları değil desenleri birleştirir: hedefleri çizgili, damalı ya da
# baskılı, yüksek karşıtlıklı giysilerdir ve VAE bu desenleri düz bir griye ortalar (koşullu ortalama). En kötü yüz
# görüntüde sandalet ve çanta öndedir, spor ayakkabı en geridedir; ortak yanları temiz hedefteki keskin ayrıntıdır:
# yan yana pikseller arasındaki ortalama fark, en kötü yüzde bütün test kümesindekinden büyüktür.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# Görüntü başına SSIM'i hesaplayıp her sınıfın ortalamasını alıyoruz. Yanına gürültülü girdinin SSIM'ini ve
# sınıfın ne kadar çeşitli olduğunu yazdırıyoruz: temiz görüntülerin piksel başına sınıf içi varyansı, piksellerin
# üzerinden ortalanmış.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
ssim_vae, ssim_noisy = metrics.ssim(test.reconstruction, test.clean), metrics.ssim(test.noisy, test.clean)
per_class = []  # (VAE SSIM, input SSIM, within-class variance, class)
for c in range(len(classes.CLASS_NAMES_TR)):
    chosen = test.labels == c
    per_class.append((ssim_vae[chosen].mean(), ssim_noisy[chosen].mean(), test.clean[chosen].var(axis=0).mean(), c))
for vae_ssim, noisy_ssim, variance, c in sorted(per_class, reverse=True):
    print(f"{classes.CLASS_NAMES_TR[c]:14s} VAE {vae_ssim:.3f}  girdi {noisy_ssim:.3f}  sınıf içi varyans {variance:.4f}")
print("en iyi:", classes.CLASS_NAMES_TR[max(per_class)[-1]], "| en kötü:", classes.CLASS_NAMES_TR[min(per_class)[-1]])

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Pantolon en iyi, çanta en kötü giderilen sınıftır. Sıralama büyük ölçüde sınıfın çeşitliliğini izler:
# biçimleri birbirine benzeyen pantolon ve spor ayakkabının sınıf içi varyansı en küçüktür ve SSIM'leri en
# yüksektir; biçimi, sapı ve deseni en çok değişen çantanınki en büyüktür. Gürültülü girdinin SSIM'i bu sıralamayı
# açıklamaz: sandaletin girdisi sınıfların çoğununkinden iyidir, VAE çıktısı ise en kötülerdendir (ince kayışlar
# ortalamada silinir).
