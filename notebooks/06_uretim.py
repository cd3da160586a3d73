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
# # Üretim: Önsel Dağılımdan Örnekleme
#
# KL terimi kodları $\mathcal{N}(0, I)$ etrafında toplar. Bu yüzden önsel dağılımdan
# $z \sim \mathcal{N}(0, I)$ çekip çözücüden geçirmek, eğitim kümesinde olmayan yeni giysi
# görüntüleri verir. Tohum sabittir: şekil her çalıştırmada aynıdır.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Önsel dağılımdan gizil kod çekip çözücüyle yeni giysi görüntüleri üretmek; KL teriminin
# önselden üretimi neden mümkün kıldığını açıklamak; örneklerin neden bulanık olduğunu ve bazılarının neden iki
# sınıf arasında kaldığını tartışmak.
#
# **Süre:** yaklaşık 15 dakika. **Önkoşullar:** defter 02 (önsel, KL terimi) ve 03; çok boyutlu normal dağılım.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import numpy as np

from vaelib import data, evaluation, generation, latent, plots, runs
from vaelib.course import project

run_dir = runs.require_complete(project.REFERENCE_RUN_DIR)  # or a run of yours
vae, cfg = runs.load_vae(run_dir)
splits = data.load_splits(cfg)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## 64 örnek

# %%
samples = generation.sample_prior(vae.decoder, n=64, latent_dim=cfg.latent_dim, seed=cfg.seed)
fig = plots.image_grid(samples, nrows=8, ncols=8, suptitle=plots.text("prior_samples"))
saved = project.save_figure(fig, "06_onselden_ornekler")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Güçlü ve zayıf yönler
#
# **Güçlü:** önselden çekilen $z$'lerin çoğu tanınabilir bir giysiye çözülür (tişört, pantolon, ayakkabı,
# çanta…). Hepsi değil: ızgarada sınıfı belirsiz, iki sınıf arası lekeler de var (son madde).
#
# **Zayıf: neden bulanık?**
# - Çözücü piksel başına bağımsız Bernoulli ortalaması verir: belirsiz olduğu her ayrıntıda
#   olası görüntülerin **ortalamasını** çizer, ortalama da bulanıktır.
# - Bulanıklığın kaynağı KL terimi değildir: KL terimi olmayan düz otokodlayıcının gürültü giderme
#   çıktıları da aynı ölçüde bulanıktır (defter 07b).
# - Önsel ile kodların gerçek dağılımı tam örtüşmez: önselin bazı bölgeleri eğitimde hiç görülmemiş
#   kodlardır, oradan iki sınıf arası karışık şekiller çıkabilir (Hoffman ve Johnson, 2016; Rosca ve
#   ark., 2018).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## KL terimi neyi sınırlar?
#
# KL terimi başka bir şeyi sınırlar: kodun girdi hakkında taşıdığı bilgiyi. Görüntü başına ortalama KL,
# girdi ile kod arasındaki karşılıklı bilginin, $I(x; z)$'nin bir üst sınırıdır (Hoffman ve Johnson, 2016;
# Alemi ve ark., 2018). Referans modelin gürültülü test görüntülerinde KL ve kodların ilk iki momenti:

# %%
z_mean, z_log_var = evaluation.encode(vae, data.noisy_test_images(splits.x_test, cfg))
kl = latent.kl_per_dimension(z_mean, z_log_var)
print(f"görüntü başına ortalama KL: {kl.sum():.2f} nat = {kl.sum() / np.log(2):.1f} bit "
      f"(bir görüntüde {splits.x_test[0].size} piksel)")
variance = z_mean.var(axis=0) + np.exp(z_log_var).mean(axis=0)  # variance of z = μ + σ·ε over the test set
print(f"z'nin boyut başına ortalaması {z_mean.mean(axis=0).min():+.2f} … {z_mean.mean(axis=0).max():+.2f}, "
      f"varyansı {variance.min():.2f} … {variance.max():.2f} (önselde 0 ve 1)")

# %% [markdown] slideshow={"slide_type": "fragment"}
# - Kod bir görüntü hakkında ortalama olarak en çok bu kadar bit taşıyabilir: piksel sayısının yanında çok azdır,
#   desen ve doku gibi ayrıntılara pek yer kalmaz. Bu, koşullu ortalamanın bulanıklığından ayrı bir sınırdır.
# - Kodlar önselin çevresinde toplanır ama ona tam uymaz: ortalamalar sıfıra yakındır, bazı boyutların varyansı
#   birden belirgin biçimde sapar. Bunlar yalnız iki momenttir; dağılımların biçimi de farklı olabilir.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Kaşif: etkin boyutları siz kaydırın
#
# İlk test görüntüsünün $\mu$'sünden başlanır; en çok bilgi taşıyan (KL'si en büyük) altı boyutun her birine bir
# kaydırıcı. Bir boyutu oynatınca görüntünün hangi özelliği değişiyor?

# %%
from vaelib.course import explorers

strongest = np.argsort(kl)[::-1][:6]
dimensions = explorers.latent_dimensions(vae, z_mean[0], strongest)
dimensions

# %%
print("kaydırıcılar (boyut ve başlangıç değeri):", explorers.readout_text(dimensions))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. Tohumu değiştirip 64 yeni örnek üretin. Sınıflar benzer oranlarda çıkıyor mu?
#    - *İpucu:* `generation.sample_prior(vae.decoder, n=64, latent_dim=cfg.latent_dim, seed=7)`.
# 2. Önseli daraltın ve genişletin: $z \sim \mathcal{N}(0, I)$ örneklerini 0,5 ve 2 ile çarpıp çözün.
#    Örnekler nasıl değişiyor, neden?
#    - *İpucu:* `z = np.random.default_rng(cfg.seed).standard_normal((64, cfg.latent_dim))`, sonra
#      `generation.decode(vae.decoder, 2 * z)` (önce `import numpy as np`).
# 3. Tek bir gizil boyutta gezinin: yalnızca $j$. bileşeni −3'ten 3'e giden $z$'leri çözün. Görüntünün
#    hangi özelliği değişiyor?
#    - *İpucu:* `a = np.zeros(cfg.latent_dim); a[j] = -3`, sonra `generation.decode_interpolation(vae.decoder, a, -a, steps=9)`.

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# Yeni tohumla 64 örnek üretip çiziyoruz. Sınıf oranlarını gözle saymak yerine defter 07b'nin sınıflandırıcısı
# sayar (`classifier.class_coverage`); 64 örnek az olduğu için aynı sayımı 2.000 örnek ve 2.000 gerçek test
# görüntüsüyle de yapıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import matplotlib.pyplot as plt

samples_7 = generation.sample_prior(vae.decoder, n=64, latent_dim=cfg.latent_dim, seed=7)
fig = plots.image_grid(samples_7, nrows=8, ncols=8, suptitle="Önselden 64 örnek, tohum 7")
plt.show()

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import pandas as pd

from vaelib import classes, classifier

judge = classifier.load_classifier(project.CLASSIFIER_DIR)
real = latent.subsample(len(splits.y_test), 2000, seed=cfg.seed, labels=splits.y_test)
image_sets = {f"tohum {cfg.seed}": samples, "tohum 7": samples_7,
              "2000 örnek": generation.sample_prior(vae.decoder, n=2000, latent_dim=cfg.latent_dim, seed=7),
              "2000 gerçek": splits.x_test[real]}
coverage = {name: classifier.class_coverage(classifier.features_and_probabilities(judge, images)[1])
            for name, images in image_sets.items()}
counts = pd.DataFrame({name: c["class_histogram"] for name, c in coverage.items()}, index=classes.CLASS_NAMES_TR)
print(counts.to_string())
print("ortalama güven:", ", ".join(f"{name} {c['mean_confidence']:.2f}" for name, c in coverage.items()))
print("her sınıftan en az bir örnek:",
      ", ".join(f"{name} {bool((counts[name] > 0).all())}" for name in counts.columns[:2]))
print("en sık / en seyrek sınıf oranı:", ", ".join(f"{name} {counts[name].max() / counts[name].min():.1f}"
                                                    for name in counts.columns[2:]))
print("2000 örnekte en sık:", counts["2000 örnek"].idxmax(), "| en seyrek:", counts["2000 örnek"].idxmin())

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** İki tohumun 64 örneği de her sınıftan örnek içerir ama sayılar tohumdan tohuma epey oynar: 64 örnekle
# oran okunmaz. 2.000 örnekte oranlar belirginleşir ve eşit değildir: gerçek test görüntülerinde sınıflar neredeyse
# eşit sayılır, üretilen örneklerde ise en sık sınıf en seyrek olandan belirgin biçimde fazladır (oranlar yukarıda).
# Bir çekince: sınıflandırıcı bulanık örneklerden gerçek görüntülerden çok daha az emindir (ortalama güven); sayımın bir
# kısmı, onun bulanık üst giysileri nasıl adlandırdığını da yansıtır.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Aynı $z$'leri 0,5 ve 2 ile çarpıp çözüyoruz. Her ölçek için $z$'nin ortalama normunu (referans: test
# kodlarının normu), örneklerin birbirinden ne kadar farklı olduğunu (örnekler arası piksel standart sapması), tek
# bir görüntünün karşıtlığını (görüntü içi standart sapma) ve sınıflandırıcının güvenini yazdırıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
z = np.random.default_rng(cfg.seed).standard_normal((64, cfg.latent_dim))
scaled = {scale: generation.decode(vae.decoder, scale * z) for scale in (0.5, 1, 2)}
fig = plots.image_rows([images[:12] for images in scaled.values()], row_titles=["0,5·z", "z", "2·z"],
                       suptitle="Aynı z'ler, ölçeklenmiş")
plt.show()
print(f"test kodlarının (μ) ortalama normu: {np.linalg.norm(z_mean, axis=1).mean():.2f}")
for scale, images in scaled.items():
    confidence = classifier.class_coverage(classifier.features_and_probabilities(judge, images)[1])["mean_confidence"]
    print(f"ölçek {scale}: norm {np.linalg.norm(scale * z, axis=1).mean():.2f}, örnekler arası std "
          f"{images.std(axis=0).mean():.3f}, karşıtlık {images.std(axis=(1, 2, 3)).mean():.3f}, güven {confidence:.2f}")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Çözücü $z = 0$'da "ortalama giysiyi", gri bulanık bir üst giysiyi çizer (çözüm 3'teki şeklin orta
# sütunu). Önseli daraltmak ($0{,}5\cdot z$) bütün örnekleri oraya çeker: örnekler birbirine benzer, solgun ve
# bulanıktır, sınıflandırıcı onlardan en az emindir. Genişletmek ($2\cdot z$) kodları test kodlarının normunun çok
# dışına taşır; çözücü eğitimde görmediği bu bölgede dışdeğerleme yapar: görüntüler daha karşıtlıklı, parlak ve
# abartılıdır. Sınıflandırıcı bu belirgin biçimlerden daha emindir, ama bazıları gerçek giysiye benzemeyen bozuk
# şekillerdir. Önseli daraltıp çeşitlilik karşılığında "tipik" örnek almaya sıcaklığı düşürmek denir (Kingma ve
# Dhariwal, 2018).

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# Tek bir boyutu −3'ten 3'e gezdiriyoruz, ötekiler sıfır (önselin merkezi). Hangi boyut? KL'si en büyük üç boyut
# (en çok bilgi taşıyanlar) ve karşılaştırma için KL'si en küçük boyut; KL'ler yukarıdaki `kl` dizisinden.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
order = np.argsort(kl)[::-1]
dims = [*order[:3], order[-1]]
values = np.linspace(-3.0, 3.0, 9)
images = generation.latent_traversal(vae.decoder, np.zeros(cfg.latent_dim), dims, values)
fig = plots.traversal_grid(images, dims, values, kl)
plt.show()
change = np.abs(images[:, -1] - images[:, 0]).mean(axis=(1, 2, 3))
print("uçlar arasındaki ortalama piksel farkı:",
      ", ".join(f"{plots.latent_name(d)} {c:.3f}" for d, c in zip(dims, change)))

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Ortada ($z = 0$) her satır aynı gri, bulanık "ortalama giysidir". En etkin boyutlar tek bir özelliği
# değil, giysinin **türünü** parlaklığıyla birlikte değiştirir: bir uçta pantolon ya da ayakkabı, öbür uçta parlak,
# geniş bir üst giysi veya elbise. KL'si en küçük boyut görüntüyü neredeyse hiç değiştirmez (uçlar arasındaki
# piksel farkı ötekilerin yanında çok küçüktür): çözücü o boyuttan pek bilgi okumaz. Boyutlar ayrıştırılmış
# (disentangled) değildir; defter 07b aynı soruyu bir test görüntüsünden başlayarak sorar.
