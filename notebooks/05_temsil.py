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
from vaelib import config, data, evaluation, latent, plots, report_values, runs

run_dir = runs.require_complete(config.REFERENCE_RUN_DIR)  # or a run of yours
vae, cfg = runs.load_vae(run_dir)
splits = data.load_splits(cfg)
test = evaluation.test_set(vae, cfg, splits)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## PCA: iki ana bileşen
#
# Bu defterdeki iki boyutlu koordinatlar (PCA, UMAP, t-SNE) `python -m vaelib evaluate` ile bir kez
# hesaplanıp çalıştırma dizinine (`embeddings.npz`) yazılmıştır; defter onları çizer. Neden: UMAP ve
# t-SNE, başka bir işlemcinin son basamaktaki farklarını başka bir yerleşime çevirir (kümeler aynı
# kalır, yerleri değişir). İlk iki ana bileşenin açıkladığı varyans oranları, bizim modelde ve raporda
# (`report_values.PCA_EXPLAINED_VARIANCE`):

# %%
views = latent.read_embeddings(run_dir)
pca_points, explained = views["pca"], views["pca_explained"]
print("bizim model:", " + ".join(f"{ratio:.4f}" for ratio in explained), f"= {explained.sum():.4f}")
print("rapor:      ", " + ".join(f"{ratio:.4f}" for ratio in report_values.PCA_EXPLAINED_VARIANCE),
      f"= {report_values.PCA_EXPLAINED_VARIANCE_SUM:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## PCA dağılımı: sınıf numaraları

# %%
fig = plots.latent_scatter(pca_points, test.labels, plots.text("pca_title"), legend="numbers")
saved = plots.save_figure(fig, "05_pca_sinif_numaralari")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## PCA dağılımı: sınıf adları

# %%
fig = plots.latent_scatter(pca_points, test.labels, plots.text("pca_title"), legend="names")
saved = plots.save_figure(fig, "05_pca_sinif_adlari")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Doğrusal olmayan izdüşümler: UMAP ve t-SNE
#
# Hız için test kümesinden katmanlı bir alt küme (her sınıftan eşit sayıda) kullanılır; tohum sabittir:

# %%
subset = views["subset"]
print(f"{len(subset)} görüntü, sınıf başına {len(subset) // len(set(test.labels[subset]))}")

# %% slideshow={"slide_type": "subslide"}
fig = plots.latent_scatter(views["umap"], test.labels[subset], plots.text("umap_title"))
saved = plots.save_figure(fig, "05_umap")

# %% slideshow={"slide_type": "subslide"}
fig = plots.latent_scatter(views["tsne"], test.labels[subset], plots.text("tsne_title"))
saved = plots.save_figure(fig, "05_tsne")

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
# Tablo `python -m vaelib evaluate` ile üretilip çalıştırma dizinine yazılır (piksel sondaları
# birkaç dakika sürer). Önce $\mu$ için kNN'i burada yeniden hesaplayalım:

# %%
train_z = evaluation.train_latents(vae, cfg, splits)
knn = latent.knn_accuracy(train_z, splits.y_train, test.z_mean, test.labels, k=5)
print(f"z_mean kNN(5) doğruluğu: {knn:.4f}")

# %% slideshow={"slide_type": "subslide"}
scores = latent.read_representation(run_dir)
print("kayıtlı tabloyla aynı:", f"{knn:.4f}" == f"{scores.loc['z_mean', 'knn5_acc']:.4f}")
scores

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Hangi temsil sınıfları daha iyi ayırıyor?
#
# 16 boyutlu $\mu$, modelin gördüğü 784 gürültülü pikselden çok daha küçüktür. Her ölçü için en iyi
# temsil, sonra $\mu$'nün siluet skoru (Kaufman ve Rousseeuw'a göre `latent.SILHOUETTE_NO_STRUCTURE`
# eşiğine kadar kayda değer bir küme yapısı yoktur):

# %%
for column in scores.columns:
    values = ", ".join(f"{name} {value:.3f}" for name, value in scores[column].items())
    print(f"{column}: {values} → en iyisi {scores[column].idxmax()}")
silhouette = scores.loc["z_mean", "silhouette"]
print(f"z_mean siluet {silhouette:.3f}:", "sınıflar iç içe" if silhouette <= latent.SILHOUETTE_NO_STRUCTURE else "sınıflar ayrı kümeler")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Sınıflar iç içe olduğunda en çok karışanlar birbirine benzeyen üst giysilerdir (tişört, gömlek,
# kazak, mont): UMAP ve t-SNE dağılımlarında da üst üste binerler.

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
