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
# $z(t) = (1 - t)\,z_A + t\,z_B$, $t \in [0, 1]$ çözersek, bir giysinin diğerine adım adım
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

from vaelib import classes, data, evaluation, generation, metrics, plots, runs
from vaelib.course import project

run_dir = runs.require_complete(project.REFERENCE_RUN_DIR)  # or a run of yours
vae, cfg = runs.load_vae(run_dir)
splits = data.load_splits(cfg)
test = evaluation.held_out_set(vae, cfg, splits)

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
saved = project.save_figure(fig, "07_interpolasyon")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Değişim yola eşit mi dağılıyor?
#
# Ardışık iki ara görüntü arasındaki ortalama kare fark (MSE), toplam değişimin payı olarak:

# %%
step_change = metrics.mse(path[1:], path[:-1])
print("adım payları:", " ".join(f"{share:.2f}" for share in step_change / step_change.sum()))
largest = step_change.argmax()
print(f"en büyük adım: {titles[largest + 1]} → {titles[largest + 2]}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Hayır: uçlara yakın adımlarda görüntü pek değişmez; değişimin büyük kısmı yolun ortasındaki birkaç adımda
# olur. Bot, yolun ortasında bulanık bir ara biçimden geçip kısa sürede tişörte döner.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Birkaç çift daha
#
# Her satır, farklı sınıflardan iki test görüntüsü arasında 10 adım. `method="slerp"` küresel
# interpolasyonu seçer (White, 2016): yüksek boyutlu Gauss önselinden çekilen vektörlerin normu
# $\sqrt{d}$ çevresinde toplanır, yani çoğu bir kabuk üzerindedir. Küresel yol iki uç arasındaki açıyı
# eşit böler; iki ucun normu eşitse yol o kabukta kalır, değilse norm bir uçtan ötekine değişir. Doğrusal
# yol ise ortada kabuğun içine, merkeze doğru girer. Önsel örneklerinin ve test kodlarının normları:

# %%
prior_norms = np.linalg.norm(np.random.default_rng(cfg.seed).standard_normal((10_000, cfg.latent_dim)), axis=1)
code_norms = np.linalg.norm(test.z_mean, axis=1)
print(f"√d = {np.sqrt(cfg.latent_dim):.2f}; önsel örnekleri {prior_norms.mean():.2f} ± {prior_norms.std():.2f}; "
      f"test kodları (μ) {code_norms.mean():.2f} ± {code_norms.std():.2f}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Önsel örnekleri gerçekten $\sqrt{d}$ çevresindeki bir kabukta toplanır. Uçlarımız ise $\mu$'lerdir ve normları
# kabuğun biraz içindedir (çözücü eğitimde $\mu$'yü değil, $\mu + \sigma \odot \varepsilon$'u gördü). Küresel yolda
# norm uçlarınkine yakın kalır, doğrusal yol ortada onlardan da içeri girer (alıştırma 2).

# %% slideshow={"slide_type": "subslide"}
firsts = data.first_indices_per_class(test.labels, per_class=1)[:, 0]
pairs = [(firsts[0], firsts[9]), (firsts[1], firsts[3]), (firsts[5], firsts[7]), (firsts[2], firsts[8])]
z_pairs = [(test.z_mean[a], test.z_mean[b]) for a, b in pairs]
grid = generation.interpolation_grid(vae.decoder, z_pairs, steps=10, method="slerp")
row_titles = [f"{classes.CLASS_NAMES_TR[test.labels[a]]} → {classes.CLASS_NAMES_TR[test.labels[b]]}" for a, b in pairs]
fig = plots.image_rows(list(grid), row_titles=row_titles, suptitle=plots.text("interpolation_pairs"))
saved = project.save_figure(fig, "07_interpolasyon_ciftleri")

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

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# Önce iki örnek yol çiziyoruz: aynı sınıftan iki kazak ve iki farklı sınıf (pantolon → çanta). "Giysiye benziyor
# mu" sorusunu gözden bağımsız sormak için defter 07b'nin sınıflandırıcısı her ara görüntüyü puanlar: en olası
# sınıfın olasılığı (güven), rastgele seçilmiş 50 aynı sınıf ve 50 farklı sınıf çifti üzerinden ortalanır.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import matplotlib.pyplot as plt

two_each = data.first_indices_per_class(test.labels, per_class=2)
examples = {"Kazak → Kazak": two_each[2], "Pantolon → Çanta": (two_each[1, 0], two_each[8, 0])}
rows = [generation.decode_interpolation(vae.decoder, test.z_mean[i], test.z_mean[j], steps=10)
        for i, j in examples.values()]
fig = plots.image_rows(rows, row_titles=list(examples), suptitle="Aynı sınıf ve farklı sınıf arasında doğrusal yol")
plt.show()

# %% slideshow={"slide_type": "skip"} tags=["solution"]
from vaelib import classifier

judge = classifier.load_classifier(project.CLASSIFIER_DIR)
candidates = np.random.default_rng(cfg.seed).choice(len(test.labels), size=(2000, 2))
candidates = candidates[candidates[:, 0] != candidates[:, 1]]
same_class = test.labels[candidates[:, 0]] == test.labels[candidates[:, 1]]
for name, chosen in {"aynı sınıf  ": candidates[same_class][:50], "farklı sınıf": candidates[~same_class][:50]}.items():
    grid = generation.interpolation_grid(vae.decoder, test.z_mean[chosen], steps=10)
    probabilities = classifier.features_and_probabilities(judge, grid.reshape(-1, *grid.shape[2:]))[1]
    confidence = probabilities.max(axis=1).reshape(len(chosen), -1).mean(axis=0)
    print(f"{name} güven, t = 0 … 1: {' '.join(f'{c:.2f}' for c in confidence)}  (en düşük {confidence.min():.2f})")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Aynı sınıftan iki görüntü arasındaki yol baştan sona aynı türde bir giysidir ve sınıflandırıcının güveni
# yol boyunca neredeyse sabittir. Farklı sınıflar arasında ise yolun ortası iki giysinin bulanık bir karışımıdır:
# güven ortada belirgin biçimde düşer, uçlarda yeniden yükselir. Ara görüntüler aynı sınıf içinde daha çok giysiye
# benzer; farklı sınıflar arasında yol, eğitim kodlarının seyrek olduğu bir bölgeden geçer.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Raporun çifti için iki yolu kurup ara noktaların normlarını yazdırıyor ve iki yolu alt alta çiziyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
z_a, z_b = test.z_mean[i1], test.z_mean[i2]
cos_angle = z_a @ z_b / (np.linalg.norm(z_a) * np.linalg.norm(z_b))
print(f"uçlar arasındaki açı: {np.degrees(np.arccos(cos_angle)):.0f}°")
paths = {method: generation.interpolate(z_a, z_b, steps=10, method=method) for method in ("linear", "slerp")}
for method, points in paths.items():
    print(f"{method:6s} norm: {' '.join(f'{norm:.2f}' for norm in np.linalg.norm(points, axis=1))}")
rows = [generation.decode(vae.decoder, points) for points in paths.values()]
fig = plots.image_rows(rows, row_titles=["doğrusal", "küresel (slerp)"], suptitle=f"Test görüntüleri {i1} → {i2}")
plt.show()
middle = slice(3, 7)  # the four inner steps around t = 0.5
print("ortadaki dört görüntünün karşıtlığı (görüntü içi std):",
      ", ".join(f"{method} {images[middle].std(axis=(1, 2, 3)).mean():.3f}" for method, images in zip(paths, rows)))

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** İki ucun normu eşit, aralarındaki açı $\theta$ olsaydı, doğrusal yolun orta noktasının normu
# $\lVert z_A \rVert \cos(\theta/2)$ olurdu: açı büyüdükçe orta nokta merkeze yaklaşır. Buradaki açı geniştir ve
# doğrusal yolun normu ortada uçlardakinin çok altına iner; küresel yolda norm uçlarınkine yakın kalır. Fark
# çözülmüş görüntülerin ortasında görünür: doğrusal yol orada çözücünün merkezdeki soluk "ortalama giysisine"
# yaklaşır, ara görüntüleri küresel yolunkilerden daha düşük karşıtlıklıdır.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# Yönü belli giysiler ayakkabılardır: bir spor ayakkabı ve bir bilek botu, karşılaştırma için simetrik bir tişört.
# Her satır temiz görüntüyle başlar, görüntünün kodundan aynasının koduna giden yolla sürer, temiz aynayla biter.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
chosen = {name: firsts[classes.CLASS_NAMES_TR.index(name)] for name in ("Spor Ayakkabı", "Bilek Botu", "Tişört/Üst")}
rows = []
for i in chosen.values():
    mirror = test.noisy[[i]][:, :, ::-1]
    z_mirror = evaluation.encode(vae, mirror)[0][0]
    mirror_path = generation.decode_interpolation(vae.decoder, test.z_mean[i], z_mirror, steps=9)
    rows.append(np.concatenate([test.clean[[i]], mirror_path, test.clean[[i]][:, :, ::-1]]))
fig = plots.image_rows(rows, row_titles=list(chosen), suptitle="Görüntüden aynasına")
plt.show()


# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# İki sayı yardım eder. **Asimetri**, bir görüntüyle kendi aynası arasındaki MSE'dir (simetrik görüntüde sıfır): temiz
# görüntüde, özgün kodun çözümünde ve aynanın kodunun çözümünde; ayakkabı sınıflarının bütün test görüntüleri
# üzerinden. **Yön:** bir ayakkabı sınıfında eğitim görüntülerinin ne kadarı sınıfın ortalama görüntüsüne, o
# ortalamanın aynasından daha yakın?

# %% slideshow={"slide_type": "skip"} tags=["solution"]
def squared_distance(images, target):
    """Return the MSE between every image (n, 28, 28, 1) and one target image (1, 28, 28, 1)."""
    return ((images - target) ** 2).mean(axis=(1, 2, 3))


def asymmetry(images):
    """Return the MSE between every image (n, 28, 28, 1) and its horizontal mirror."""
    return ((images - images[:, :, ::-1]) ** 2).mean(axis=(1, 2, 3))


for name in ("Sandalet", "Spor Ayakkabı", "Bilek Botu"):
    label = classes.CLASS_NAMES_TR.index(name)
    in_class = test.labels == label
    decoded_mirror = evaluation.reconstruct(vae, test.noisy[in_class][:, :, ::-1])
    print(f"{name}: asimetri temiz {asymmetry(test.clean[in_class]).mean():.3f}, "
          f"çözüm {asymmetry(test.reconstruction[in_class]).mean():.3f}, "
          f"aynanın çözümü {asymmetry(decoded_mirror).mean():.3f}")
    train_shoes = splits.x_train[splits.y_train == label]
    mean_image = train_shoes.mean(axis=0, keepdims=True)
    same_way = squared_distance(train_shoes, mean_image) < squared_distance(train_shoes, mean_image[:, :, ::-1])
    print(f"    eğitimde ortalamaya, aynasından daha yakın: %{100 * same_way.mean():.0f}")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Eğitim kümesinde ayakkabıların neredeyse hepsi aynı yöne bakar: model ters dönmüş ayakkabıyı neredeyse
# hiç görmedi, ayna onun için dağılım dışı bir girdidir. Bu yüzden aynayı ayna olarak çizemez: yol boyunca ayakkabı
# ters yöne dönmez, asimetrisini yitirip basık, neredeyse simetrik bir lekeye döner. Aynanın çözümünün asimetrisi,
# özgün görüntünün çözümününkinin yanında çok küçüktür. Simetrik tişörtte ise görüntüyle aynası aynı giysidir; yol
# boyunca görüntü pek değişmez.
