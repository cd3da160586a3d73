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
# # Temsil Öğrenme: Gizil Uzay
#
# Her test görüntüsünün 16 boyutlu $\mu$ vektörü (`z_mean`), modelin kullanıldığı gibi
# **gürültülü** girdiden kodlanır. Sınıf etiketleri eğitimde yalnızca SupCon teriminde
# kullanıldı; burada gizil uzayın sınıfları ne kadar ayırdığına bakıyoruz.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Gizil ortalamaları (μ) PCA, UMAP ve t-SNE ile iki boyutta çizmek; bir izdüşümün komşulukları
# ne kadar koruduğunu ölçmek; kNN, doğrusal sonda ve siluet skoruyla gizil temsili ham piksellerle karşılaştırmak;
# en çok karışan sınıfları yorumlamak.
#
# **Süre:** yaklaşık 30 dakika. **Önkoşullar:** defter 02 ve 03; PCA, kNN ve lojistik regresyonun temel fikri.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
from vaelib import classes, data, evaluation, latent, metrics_files, plots, report_values, runs
from vaelib.course import project

run_dir = runs.require_complete(project.REFERENCE_RUN_DIR)  # or a run of yours
vae, cfg = runs.load_vae(run_dir)
splits = data.load_splits(cfg)
test = evaluation.held_out_set(vae, cfg, splits)
print(f"z_mean: {test.z_mean.shape[0]} test görüntüsü × {test.z_mean.shape[1]} boyut")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## PCA: iki ana bileşen
#
# Bu defterdeki iki boyutlu koordinatlar (PCA, UMAP, t-SNE)
# `python -m vaelib evaluate --run-dir runs/reference` ile bir kez hesaplanıp çalıştırma dizinine
# (`embeddings.npz`) yazılmıştır; defter onları çizer. Neden: UMAP ve
# t-SNE, başka bir işlemcinin son basamaktaki farklarını başka bir yerleşime çevirir (kümeler aynı
# kalır, yerleri değişir). İlk iki ana bileşenin açıkladığı varyans oranları, bizim modelde ve raporda
# (`report_values.PCA_EXPLAINED_VARIANCE`):

# %%
views = metrics_files.read_embeddings(run_dir)
pca_points, explained = views["pca"], views["pca_explained"]
print("bizim model:", " + ".join(f"{ratio:.4f}" for ratio in explained), f"= {explained.sum():.4f}")
print("rapor:      ", " + ".join(f"{ratio:.4f}" for ratio in report_values.PCA_EXPLAINED_VARIANCE),
      f"= {report_values.PCA_EXPLAINED_VARIANCE_SUM:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## PCA dağılımı: sınıf numaraları

# %%
fig = plots.latent_scatter(pca_points, test.labels, plots.text("pca_title"), legend="numbers")
saved = project.save_figure(fig, "05_pca_sinif_numaralari")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## PCA dağılımı: sınıf adları

# %%
fig = plots.latent_scatter(pca_points, test.labels, plots.text("pca_title"), legend="names")
saved = project.save_figure(fig, "05_pca_sinif_adlari")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Doğrusal olmayan izdüşümler: UMAP ve t-SNE
#
# Hız için test kümesinden katmanlı bir alt küme (her sınıftan eşit sayıda) kullanılır; tohum sabittir:

# %%
subset = views["subset"]
print(f"{len(subset)} görüntü, sınıf başına {len(subset) // len(set(test.labels[subset]))}")

# %% slideshow={"slide_type": "subslide"}
fig = plots.latent_scatter(views["umap"], test.labels[subset], plots.text("umap_title"))
saved = project.save_figure(fig, "05_umap")

# %% slideshow={"slide_type": "subslide"}
fig = plots.latent_scatter(views["tsne"], test.labels[subset], plots.text("tsne_title"))
saved = project.save_figure(fig, "05_tsne")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Resim ne kadarını koruyor?
#
# Bir yerleşimin kümelerinin nereye düştüğü keyfidir; ölçülebilen şey, iki boyutlu komşulukların
# 16 boyuttaki komşulukları ne kadar koruduğu (*güvenilirlik*, 0 … 1) ve iki boyutlu noktalarda
# 5-en yakın komşu sınıflandırıcısının (her nokta kendisi hariç) doğruluğudur:

# %%
for name in ("umap", "tsne"):
    quality = latent.embedding_quality(views[name], test.z_mean[subset], test.labels[subset])
    print(f"{name}: güvenilirlik {quality['trustworthiness']:.2f}, 2-B kNN doğruluğu {quality['knn_acc_2d']:.2f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sayılarla sınıf yapısı (raporun ötesi)
#
# - **kNN (k = 5)** ve **doğrusal sonda** (lojistik regresyon): eğitim görüntülerinin $\mu$'leriyle
#   eğitilir, test kümesinde ölçülür.
# - **Siluet skoru**: sınıf kümelerinin ne kadar ayrık olduğu (−1 … 1).
# - Karşılaştırma: aynı gürültülü görüntülerin 784 ham pikseli ve piksellerin PCA-16'sı.
#
# Tablo `python -m vaelib evaluate --run-dir runs/reference` ile üretilip çalıştırma dizinine yazılır
# (piksel sondaları birkaç dakika sürer). Önce $\mu$ için kNN'i burada yeniden hesaplayalım:

# %%
train_z = evaluation.train_latents(vae, cfg, splits)
knn = latent.knn_accuracy(train_z, splits.y_train, test.z_mean, test.labels, k=5)
print(f"z_mean kNN(5) doğruluğu: {knn:.4f}")

# %% slideshow={"slide_type": "subslide"}
scores = metrics_files.read_representation(run_dir)
print("kayıtlı tabloyla aynı:", f"{knn:.4f}" == f"{scores.loc['z_mean', 'knn5_acc']:.4f}")
scores

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Hangi temsil sınıfları daha iyi ayırıyor?
#
# 16 boyutlu $\mu$, modelin gördüğü 784 gürültülü pikselden çok daha küçüktür. Her ölçü için en iyi
# temsil, sonra $\mu$'nün siluet skoru (`latent.SILHOUETTE_NO_STRUCTURE` eşiğine kadar kayda değer bir küme yapısı
# yoktur; Kaufman ve Rousseeuw, 1990):

# %%
print(f"boyut: z_mean {test.z_mean.shape[1]}, pixels {test.noisy[0].size}")
for column in scores.columns:
    values = ", ".join(f"{name} {value:.3f}" for name, value in scores[column].items())
    print(f"{column}: {values} → en iyisi {scores[column].idxmax()}")
silhouette = scores.loc["z_mean", "silhouette"]
print(f"z_mean siluet {silhouette:.3f}:", "sınıflar iç içe" if silhouette <= latent.SILHOUETTE_NO_STRUCTURE else "sınıflar ayrı kümeler")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## En çok hangi sınıflar karışıyor?
#
# kNN'in ($k = 5$) test hatalarını sınıf çiftlerine göre sayalım (iki yöndeki karışmalar toplanır):

# %%
from sklearn.metrics import confusion_matrix
from sklearn.neighbors import KNeighborsClassifier

predicted = KNeighborsClassifier(n_neighbors=5).fit(train_z, splits.y_train).predict(test.z_mean)
print(f"doğruluk {(predicted == test.labels).mean():.4f} (yukarıdaki kNN)")
confusion = confusion_matrix(test.labels, predicted)
mixed = confusion + confusion.T
pairs = sorted(((mixed[a, b], a, b) for a in range(len(mixed)) for b in range(a + 1, len(mixed))), reverse=True)
for count, a, b in pairs[:6]:
    print(f"{classes.CLASS_NAMES_TR[a]} ↔ {classes.CLASS_NAMES_TR[b]}: {count} karışma")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Listenin başında birbirine benzeyen üst giysiler (tişört, gömlek, kazak, mont), ardından ayakkabılar gelir:
# UMAP ve t-SNE dağılımlarında da bu sınıflar üst üste biner.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. kNN'deki komşu sayısını değiştirin (ör. k = 1, 15, 50). Doğruluk nasıl değişiyor?
#    - *İpucu:* `latent.knn_accuracy(train_z, splits.y_train, test.z_mean, test.labels, k=15)`.
# 2. Piksel karşılaştırmasındaki PCA bileşen sayısını değiştirin (ör. 2, 16, 64) ve kNN doğruluğunu
#    `z_mean` ile karşılaştırın.
#    - *İpucu:* `latent.pixel_features(evaluation.noisy_train_images(cfg, splits), test.noisy, n_pca=64, seed=cfg.seed)`.
# 3. t-SNE'nin `perplexity` değerini (ör. 5 ve 100) ya da UMAP'in `n_neighbors` değerini değiştirip
#    dağılımı yeniden hesaplayın ve çizin (t-SNE birkaç saniye, ilk UMAP çağrısı numba derlemesi yüzünden
#    bir dakika kadar sürer). Kümeler ve `latent.embedding_quality` nasıl değişiyor?
#    - *İpucu:* `latent.tsne_2d(test.z_mean[subset], seed=cfg.seed, perplexity=5)`, sonra `plots.latent_scatter`.

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# Aynı eğitim ve test $\mu$'leriyle kNN'i birkaç komşu sayısıyla yeniden ölçüyoruz (raporun $k$'sı da listede).

# %% slideshow={"slide_type": "skip"} tags=["solution"]
accuracy_by_k = {k: latent.knn_accuracy(train_z, splits.y_train, test.z_mean, test.labels, k=k) for k in (1, 5, 15, 50)}
print("  ".join(f"k={k}: {accuracy:.4f}" for k, accuracy in accuracy_by_k.items()))
print("en iyi k:", max(accuracy_by_k, key=accuracy_by_k.get),
      f"| k=15 ile k=50 farkı: {abs(accuracy_by_k[50] - accuracy_by_k[15]):.4f}")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Tek komşu en kötüsüdür: tek bir gürültülü komşu kararı belirler. Komşu sayısı arttıkça doğruluk artar,
# büyük $k$'larda ise neredeyse sabit kalır. Raporun $k = 5$'i en iyi değer değildir; ama hangi $k$ seçilirse
# seçilsin $\mu$, aynı $k = 5$'le ölçülen piksel temsillerinin önündedir (yukarıdaki tablo).

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Gürültülü eğitim piksellerinin PCA'sını bir kez, en büyük bileşen sayısıyla kurup ilk 2, 16 ve 64 bileşeni
# kullanıyoruz (PCA bileşenleri sıralıdır, küçük boyutlar büyüğün ilk sütunlarıdır). Hız için hepsi, $\mu$ dahil,
# aynı katmanlı eğitim alt kümesine uydurulur; bu yüzden $\mu$'nün değeri yukarıdakinden biraz düşüktür.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
rows = latent.subsample(len(splits.y_train), 10_000, seed=cfg.seed, labels=splits.y_train)
noisy_train = evaluation.noisy_train_images(cfg, splits)[rows]
pca_train, pca_test = latent.pixel_features(noisy_train, test.noisy, n_pca=64, seed=cfg.seed)["pca64_pixels"]
print(f"{len(rows)} eğitim görüntüsü, kNN(5) test doğruluğu:")
for n in (2, 16, 64):
    accuracy = latent.knn_accuracy(pca_train[:, :n], splits.y_train[rows], pca_test[:, :n], test.labels)
    print(f"  piksellerin PCA-{n}: {accuracy:.3f}")
print(f"  z_mean ({test.z_mean.shape[1]} boyut): "
      f"{latent.knn_accuracy(train_z[rows], splits.y_train[rows], test.z_mean, test.labels):.3f}")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** İki piksel bileşeni sınıfları ayırmaya yetmez. Bileşen sayısı arttıkça piksel temsili iyileşir, ama
# aynı boyuttaki $\mu$ PCA-16'dan da, dört kat büyük PCA-64'ten de iyidir: kodlayıcı gürültüyü atıp sınıfları
# ayıran bilgiyi doğrusal bir izdüşümden daha az boyuta sığdırır (bunda SupCon teriminin de payı vardır, defter 08).

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# t-SNE'yi aynı $\mu$'ler üzerinde üç `perplexity` değeriyle çalıştırıyoruz. Hız için yukarıdaki alt kümeden sınıf
# başına eşit, daha küçük bir alt küme alınır; hepsi aynı noktaları yerleştirir.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import matplotlib.pyplot as plt

small = subset[latent.subsample(len(subset), 500, seed=cfg.seed, labels=test.labels[subset])]
tsne_views = {f"perplexity = {p}": latent.tsne_2d(test.z_mean[small], seed=cfg.seed, perplexity=p)
              for p in (5, 30, 100)}
fig = plots.latent_panels(tsne_views, test.labels[small], share_axes=False,
                          axis_labels=(f"{plots.text('component')} 1", f"{plots.text('component')} 2"),
                          suptitle=f"t-SNE, {len(small)} test görüntüsü")
plt.show()

# %% slideshow={"slide_type": "skip"} tags=["solution", "nbval-ignore-output"]
# nbval-ignore-output: t-SNE turns last-digit differences between CPUs into another layout
qualities = {name: latent.embedding_quality(points, test.z_mean[small], test.labels[small])
             for name, points in tsne_views.items()}
for name, quality in qualities.items():
    print(f"{name}: güvenilirlik {quality['trustworthiness']:.3f}, 2-B kNN doğruluğu {quality['knn_acc_2d']:.3f}")

# %% slideshow={"slide_type": "skip"} tags=["solution"]
trust = [quality["trustworthiness"] for quality in qualities.values()]
knn_2d = [quality["knn_acc_2d"] for quality in qualities.values()]
print("güvenilirlik her perplexity'de 0,9'un üstünde:", min(trust) > 0.9)
print("2-B kNN doğrulukları birbirinden en çok 0,1 farklı:", max(knn_2d) - min(knn_2d) < 0.1)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Küçük `perplexity` her noktanın yalnız birkaç komşusuna bakar: sınıflar küçük parçalara bölünür, aralarında
# büyük boşluklar açılır. Büyük `perplexity` daha çok komşuyu hesaba katar: parçalar birleşir, resim tek bir yoğun
# buluta yaklaşır, ayakkabılarla üst giysilerin ayrımı gibi kaba yapı kalır. Yine de güvenilirlik üçünde de yüksektir
# ve 2-B kNN doğrulukları birbirine yakındır (yukarıdaki denetim): değişen, yerel komşuluklardan çok resmin
# görünüşüdür. Kümelerin boyu ve aralarındaki uzaklık t-SNE'de bu yüzden yorumlanmaz (Wattenberg, Viégas ve
# Johnson, 2016, "How to Use t-SNE Effectively").
