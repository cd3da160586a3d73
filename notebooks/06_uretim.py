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
from vaelib import config, generation, plots, runs

run_dir = runs.require_complete(config.REFERENCE_RUN_DIR)  # or a run of yours
vae, cfg = runs.load_vae(run_dir)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## 64 örnek

# %%
samples = generation.sample_prior(vae.decoder, n=64, latent_dim=cfg.latent_dim, seed=cfg.seed)
fig = plots.image_grid(samples, nrows=8, ncols=8, suptitle=plots.text("prior_samples"))
saved = plots.save_figure(fig, "06_onselden_ornekler")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Güçlü ve zayıf yönler
#
# **Güçlü:** önselden çekilen $z$'lerin çoğu tanınabilir bir giysiye çözülür (tişört, pantolon, ayakkabı,
# çanta…). Hepsi değil: ızgarada sınıfı belirsiz, iki sınıf arası lekeler de var (son madde).
#
# **Zayıf: neden bulanık?**
# - Çözücü piksel başına bağımsız Bernoulli ortalaması verir: belirsiz olduğu her ayrıntıda
#   olası görüntülerin **ortalamasını** çizer, ortalama da bulanıktır.
# - KL terimi gizil koddaki bilgiyi sınırlar (16 boyut, her biri $\mathcal{N}(0,1)$'e yakın):
#   desen ve doku gibi ayrıntılar koda sığmaz.
# - Önsel ile kodların gerçek dağılımı tam örtüşmez: önselin bazı bölgeleri eğitimde hiç
#   görülmemiş kodlardır, oradan iki sınıf arası karışık şekiller çıkabilir.

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
