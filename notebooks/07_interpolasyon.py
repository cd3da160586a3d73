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
# # Gizil Uzayda İnterpolasyon
#
# İki test görüntüsünün $\mu$ vektörleri $z_A$ ve $z_B$ arasındaki doğru parçasını
# $z(t) = (1 - t)\,z_A + t\,z_B$, $t \in [0, 1]$ çözersek, bir giysinin diğerine yavaşça
# dönüştüğünü görürüz. Gizil uzay sürekli ise ara görüntüler de giysiye benzer.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** İki test görüntüsünün gizil kodları arasındaki doğrusal yolu çözüp ara görüntüleri
# yorumlamak; küresel interpolasyonun doğrusal yoldan farkını norm ve açıyla açıklamak; ara görüntülerin giysiye
# benzemesini gizil uzayın sürekliliğiyle ilişkilendirmek.
#
# **Süre:** yaklaşık 15 dakika. **Önkoşullar:** defter 02, 05 ve 06; vektör normu, iki vektör arasındaki açı.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import numpy as np

from vaelib import classes, config, evaluation, generation, plots, runs, data

run_dir = runs.require_complete(config.REFERENCE_RUN_DIR)  # or a run of yours
vae, cfg = runs.load_vae(run_dir)
test = evaluation.test_set(vae, cfg, data.load_splits(cfg))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Raporun çifti: test görüntüleri 892 ve 7739
#
# İlk ve son sütun temiz uç görüntülerdir; aradaki 10 sütun $z_A$'dan $z_B$'ye doğrusal yolun
# çözülmüş hâlidir (uçlar dahil).

# %%
i1, i2 = 892, 7739
print(f"A = {i1}: {classes.CLASS_NAMES_TR[test.labels[i1]]}, B = {i2}: {classes.CLASS_NAMES_TR[test.labels[i2]]}")
path = generation.decode_interpolation(vae.decoder, test.z_mean[i1], test.z_mean[i2], steps=10)
row = np.concatenate([test.clean[[i1]], path, test.clean[[i2]]])
titles = ["A"] + [f"t={t:.2f}" for t in np.linspace(0, 1, 10)] + ["B"]
fig = plots.image_grid(row, nrows=1, ncols=len(row), titles=titles, suptitle=plots.text("interpolation"))
saved = plots.save_figure(fig, "07_interpolasyon")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Birkaç çift daha
#
# Her satır, farklı sınıflardan iki test görüntüsü arasında 10 adım. `method="slerp"` küresel
# interpolasyonu seçer: yüksek boyutlu Gauss önselinde kodların çoğu bir kabuk üzerindedir. Küresel yol
# iki uç arasındaki açıyı eşit böler; iki ucun normu eşitse yol o kabukta kalır, değilse norm bir uçtan
# ötekine değişir. Doğrusal yol ise ortada kabuğun içine, merkeze doğru girer.

# %% slideshow={"slide_type": "subslide"}
firsts = data.first_indices_per_class(test.labels, per_class=1)[:, 0]
pairs = [(firsts[0], firsts[9]), (firsts[1], firsts[3]), (firsts[5], firsts[7]), (firsts[2], firsts[8])]
z_pairs = [(test.z_mean[a], test.z_mean[b]) for a, b in pairs]
grid = generation.interpolation_grid(vae.decoder, z_pairs, steps=10, method="slerp")
row_titles = [f"{classes.CLASS_NAMES_TR[test.labels[a]]} → {classes.CLASS_NAMES_TR[test.labels[b]]}" for a, b in pairs]
fig = plots.image_rows(list(grid), row_titles=row_titles, suptitle=plots.text("interpolation_pairs"))
saved = plots.save_figure(fig, "07_interpolasyon_ciftleri")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. Başka iki test görüntüsü seçin: önce aynı sınıftan iki görüntü, sonra çok farklı iki sınıf. Ara
#    görüntüler hangi durumda daha çok giysiye benziyor?
#    - *İpucu:* `generation.decode_interpolation(vae.decoder, test.z_mean[i], test.z_mean[j], steps=10)`.
# 2. Aynı çift için doğrusal ve küresel yolu karşılaştırın: ara noktaların normlarını yazdırın ve iki yolu
#    alt alta çizin.
#    - *İpucu:* `generation.interpolate(z_a, z_b, steps=10, method="slerp")` ve `np.linalg.norm(yol, axis=1)`.
# 3. Bir test görüntüsünü yatay çevirin ve görüntüyle ayna hâli arasında interpolasyon yapın. Ara
#    adımlarda ne görüyorsunuz?
#    - *İpucu:* ayna görüntü `test.noisy[[i]][:, :, ::-1]`, onun kodu `evaluation.encode(vae, ayna)[0][0]`.

# %% slideshow={"slide_type": "skip"}
