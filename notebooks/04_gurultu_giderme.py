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

from vaelib import config, data, evaluation, metrics, metrics_files, plots, runs

run_dir = runs.require_complete(config.REFERENCE_RUN_DIR)  # or a run of yours: runs.require_complete("runs/...")
vae, cfg = runs.load_vae(run_dir)
test = evaluation.test_set(vae, cfg, data.load_splits(cfg))

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
saved = plots.save_figure(fig, "04_gurultu_giderme")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - Gürültü neredeyse tamamen gider; şekil ve sınıf korunur.
# - İnce ayrıntılar (desenler, yazılar, düğmeler) kaybolur. Neden? Aynı gürültülü girdiye uyan birçok temiz
#   görüntü vardır. BCE'yi (ya da MSE'yi) en küçükleyen çıktı her pikselde bu görüntülerin **koşullu
#   ortalamasıdır** (defter 02c: BCE, tahmin hedefe eşitken en küçüktür); ortalama da bulanıktır.
# - Bunu KL terimine bağlamak yanlış olur: KL terimi olmayan düz otokodlayıcı da aynı ölçüde bulanık
#   gürültü giderir (defter 02b).

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
