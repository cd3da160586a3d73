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
# # Veri Seti: Fashion-MNIST
#
# - Zalando Research'ün Fashion-MNIST veri seti (Xiao, Rasul ve Vollgraf, 2017; MIT lisansı): giysi,
#   ayakkabı ve çantalardan oluşan 10 sınıfta 70.000 gri tonlamalı görüntü, her biri 28×28 piksel.
# - Resmî bölme: 60.000 eğitim ve 10.000 test görüntüsü.
# - Görev: gürültülü bir görüntüden temiz görüntüyü geri kazanmak.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Fashion-MNIST'in sınıflarını, görüntü boyutunu ve piksel aralığını tanımak; gürültülü
# girdinin nasıl üretildiğini açıklamak; katmanlı eğitim/doğrulama/test bölmesini ve sınıf dengesini incelemek;
# eğitimde gürültünün neden her epoch yenilendiğini, doğrulama ve testte neden sabit kaldığını açıklamak.
#
# **Süre:** yaklaşık 25 dakika. **Önkoşullar:** önceki defter yok; Python ve NumPy temelleri, normal dağılım.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import numpy as np
import pandas as pd

from vaelib import classes, config, data, plots
from vaelib.course import project

cfg = config.get_config()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Dosyalar ve doğrulama
#
# `data.load_fashion_mnist()` dört resmî IDX dosyasını okur ve açılmış baytlarının SHA-256
# özetlerini doğrular. Arama sırası: `FASHION_MNIST_DIR` ortam değişkeni, Keras önbelleği
# (`~/.keras/datasets/fashion-mnist/`), o da yoksa resmî adresten indirme.

# %%
fm = data.load_fashion_mnist()
print("doğrulanan dosyalar:", ", ".join(data.FILES.values()))
print("eğitim:", fm.x_train.shape, fm.x_train.dtype, "| test:", fm.x_test.shape,
      "| toplam:", len(fm.x_train) + len(fm.x_test))
print("piksel aralığı:", fm.x_train.min(), "-", fm.x_train.max())

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Sınıflar
#
# Tablo her sınıfın eğitim ve test kümelerindeki görüntü sayısını sayar: sınıflar dengeli mi, buradan görülür.

# %%
table = pd.DataFrame({"Türkçe ad": classes.CLASS_NAMES_TR, "English name": classes.CLASS_NAMES_EN,
                      "Eğitim": data.class_counts(fm.y_train), "Test": data.class_counts(fm.y_test)})
table.index.name = "Sınıf"
table

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Her sınıftan örnekler
#
# Her satır bir sınıf: eğitim kümesindeki ilk sekiz görüntüsü. Rastgele seçim yok, şekil her
# çalıştırmada aynıdır.

# %%
fig = plots.class_examples(fm.x_train, fm.y_train, per_class=8)
saved = project.save_figure(fig, "01_sinif_ornekleri")

# %% [markdown] slideshow={"slide_type": "slide"}
# # Ön İşleme ve Veri Boru Hattı
#
# - 8 bitlik pikseller (256 gri düzey) 255'e bölünür: `float32`, [0, 1] aralığında, şekil (28, 28, 1).
# - Başka normalizasyon yoktur: hedef görüntü de [0, 1] aralığında kalır.

# %%
for name, x in [("eğitim", fm.x_train), ("test", fm.x_test)]:
    print(f"{name:7s} ortalama {x.mean():.4f}   std {x.std():.4f}")
print("farklı piksel değeri:", np.unique(fm.x_train).size)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Gürültü modeli
#
# Modelin girdisi, temiz görüntüye Gauss gürültüsü eklenip [0, 1] aralığına kırpılarak üretilir:
#
# $$\tilde{x} = \mathrm{clip}\left(x + 0{,}45\,\varepsilon,\ 0,\ 1\right),
#   \qquad \varepsilon \sim \mathcal{N}(0, I)$$
#
# Model gürültülü $\tilde{x}$'i görür ve temiz $x$'i üretmeyi öğrenir.

# %%
print("gürültü katsayısı:", cfg.noise_factor)
first = data.first_indices_per_class(fm.y_test, per_class=1)[:, 0]
noisy = data.noisy_test_images(fm.x_test, cfg)[first]
fig = plots.image_rows([noisy, fm.x_test[first]], row_titles=[plots.text("noisy"), plots.text("clean")])
saved = project.save_figure(fig, "01_gurultu_ornekleri")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Eğitim / doğrulama / test bölmesi
#
# - 60.000 eğitim görüntüsünden `cfg.val_size` tanesi sınıf oranları korunarak (katmanlı)
#   doğrulamaya ayrılır; kalanlar eğitim içindir.
# - Test kümesi yalnızca değerlendirmede kullanılır, eğitimde hiç görülmez.
# - Bölme yalnızca `cfg.seed` tohumuna bağlıdır.

# %% slideshow={"slide_type": "subslide"}
splits = data.load_splits(cfg)
labels = {"eğitim": splits.y_train, "doğrulama": splits.y_val, "test": splits.y_test}
counts = pd.DataFrame({name: data.class_counts(y) for name, y in labels.items()}, index=classes.CLASS_NAMES_TR)
counts.loc["Toplam"] = counts.sum()
counts

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Eğitimde her epoch yeni gürültü
#
# `data.train_dataset` her epoch'ta görüntüleri yeniden karıştırır ve **yeni** gürültü çeker:
# model aynı gürültülü görüntüyü iki kez görmez. Gürültü yalnızca (tohum, epoch, yığın)
# üçlüsüne bağlıdır, bu yüzden yarıda kesilen bir eğitim aynı yığınlarla sürdürülür.

# %% [markdown] slideshow={"slide_type": "fragment"}
# Aynı eğitim görüntüsü, dört epoch boyunca:

# %%
demo = cfg.replace(epochs=4, batch_size=1)
batches = data.train_dataset(splits.x_train[:1], splits.y_train[:1], demo).as_numpy_iterator()
noisy_by_epoch = np.concatenate([noisy for noisy, _, _ in batches])
titles = [f"epoch {epoch}" for epoch in range(demo.epochs)]
fig = plots.image_grid(noisy_by_epoch, nrows=1, ncols=demo.epochs, titles=titles)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Dört epoch'un gürültüsü birbirinden farklı mı, ve epoch 2'den başlatılan bir hat (yarıda kesilip sürdürülen
# eğitim gibi) o epoch'un gürültüsünü aynen yeniden üretiyor mu?

# %%
resumed = data.train_dataset(splits.x_train[:1], splits.y_train[:1], demo, first_epoch=2).as_numpy_iterator()
print("dört epoch'ta dört farklı gürültülü görüntü:", len({image.tobytes() for image in noisy_by_epoch}) == demo.epochs)
print("epoch 2'den sürdürülen hat aynı görüntüyü verir:", np.array_equal(next(resumed)[0][0], noisy_by_epoch[2]))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Doğrulama ve testte sabit gürültü
#
# `data.eval_dataset` gürültüyü bir kez çeker: doğrulama için tohum `cfg.seed + 1`, test için
# `cfg.seed + 2`. Her değerlendirme, her defter ve metrikler aynı gürültülü görüntüleri kullanır.

# %%
test_batches = data.eval_dataset(splits.x_test, splits.y_test, cfg, data.TEST_NOISE_OFFSET)
noisy_test = np.concatenate([noisy for noisy, _, _ in test_batches.as_numpy_iterator()])
print("noisy_test_images ile aynı:", np.array_equal(noisy_test, data.noisy_test_images(splits.x_test, cfg)))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Özet
#
# Bu profilin bölmesi: her kümede kaç görüntü olduğu ve gürültüsünün nereden geldiği.

# %%
noise_source = ["her epoch yeni, (tohum, epoch, yığın) ile belirli", "sabit, tohum cfg.seed + 1",
                "sabit, tohum cfg.seed + 2"]
summary = pd.DataFrame({"görüntü": [len(y) for y in labels.values()], "gürültü": noise_source},
                       index=list(labels))
summary.index.name = f"küme ({cfg.profile} profili)"
summary

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. Gürültü katsayısını 0,2 ve 0,8 yapıp her sınıfın ilk test görüntüsüne yeniden bakın. Hangi düzeyde
#    giysiyi tanımak zorlaşıyor?
#    - *İpucu:* `data.add_noise(fm.x_test[first], 0.8, seed=cfg.seed)`, sonra `plots.image_rows`.
# 2. Sınıf örneklerini bu kez test kümesinden, sınıf başına dört görüntüyle ve İngilizce adlarla çizin.
#    - *İpucu:* `plots.class_examples(fm.x_test, fm.y_test, per_class=4, lang="en")`.
# 3. Hızlı profilin bölmesinde her kümede kaç görüntü var, sınıflar yine dengeli mi?
#    - *İpucu:* `data.load_splits(config.get_config("quick"))`, sonra her küme için `data.class_counts`.

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# Her sınıfın ilk test görüntüsüne üç katsayıyla gürültü ekleyip alt alta çiziyoruz. Gözün gördüğünü sayıya da
# döküyoruz: bütün test kümesinde her katsayının PSNR'ı ve temizken tam siyah olan arka plan piksellerinin
# gürültüden sonraki ortalaması (kırpma, siyah arka planı griye çeker).

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import matplotlib.pyplot as plt

from vaelib import metrics

factors = (0.2, cfg.noise_factor, 0.8)
rows = [data.add_noise(fm.x_test[first], factor, seed=cfg.seed) for factor in factors] + [fm.x_test[first]]
titles = [f"{plots.text('noisy')} {factor:g}" for factor in factors] + [plots.text("clean")]
fig = plots.image_rows(rows, row_titles=titles)
plt.show()

# %% slideshow={"slide_type": "skip"} tags=["solution"]
background = fm.x_test == 0  # pixels that are exactly black in the clean images
for factor in factors:
    noisy_all = data.add_noise(fm.x_test, factor, seed=cfg.seed)
    print(f"katsayı {factor:4g}: PSNR {metrics.psnr(noisy_all, fm.x_test).mean():5.2f} dB, "
          f"siyah arka planın ortalaması {noisy_all[background].mean():.3f}")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Katsayı büyüdükçe PSNR düşer ve siyah arka plan belirgin biçimde griye kayar: giysi ile zemin
# arasındaki karşıtlık azalır. En küçük katsayıda her ürün tanınır, kazaktaki yazı bile okunur. Eğitimin
# katsayısında büyük ve parlak giysiler (pantolon, elbise, kazak) hâlâ seçilir, ama ince ya da koyu olanlar
# (sandalet, mont) zorlaşır. En büyük katsayıda görüntülerin çoğu gürültüden ayırt edilemez; ancak pantolon ve
# elbise gibi uzun siluetler sezilir. Tanımak, eğitimin katsayısı ile en büyüğü arasında zorlaşıyor.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Aynı çizim fonksiyonunu test kümesiyle, sınıf başına dört görüntü ve İngilizce adlarla çağırıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
fig = plots.class_examples(fm.x_test, fm.y_test, per_class=4, lang="en")
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Test görüntüleri eğitimdekilere benzer: aynı ortalanmış, siyah zeminli ürün fotoğrafları. Satır
# adları İngilizcedir (`classes.CLASS_NAMES_EN`); sınıf numaraları ve sırası Türkçe tablodakiyle aynıdır.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# Hızlı profilin bölmesini yükleyip her kümede sınıf başına görüntü sayısını yukarıdaki tablo gibi sayıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
quick = config.get_config("quick")
quick_splits = data.load_splits(quick)
quick_labels = {"eğitim": quick_splits.y_train, "doğrulama": quick_splits.y_val, "test": quick_splits.y_test}
quick_counts = pd.DataFrame({name: data.class_counts(y) for name, y in quick_labels.items()},
                            index=classes.CLASS_NAMES_TR)
print("her kümede bütün sınıflar eşit sayıda:", bool((quick_counts.nunique() == 1).all()))
quick_counts.loc["Toplam"] = quick_counts.sum()
quick_counts

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Hızlı profil eğitim ve doğrulama kümelerini küçültür (`train_size`, `val_size`), ama katmanlı
# bölme sayesinde her sınıf yine eşit sayıda görüntüyle temsil edilir. Test kümesi küçülmez: her profil aynı
# resmî test görüntüleriyle değerlendirilir.
