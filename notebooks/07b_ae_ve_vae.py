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
# # Otokodlayıcı mı, VAE mi? Gösterelim
#
# “Variational Autoencoder (VAE) nedir? Autoencoder'dan ne farkı vardır?” başlıklı Türkçe anlatım şunları söyler.
# Bu defter her iddiayı, anlatımın sırasıyla, eğitilmiş modellerle gösterir:
#
# - **Otokodlayıcı (AE)** her girdiyi tek bir koda eşler; kodların arasında boş bölgeler kalır, bu yüzden
#   rastgele seçilen bir koddan anlamlı bir görüntü **üretemez**.
# - **VAE**'nin kodlayıcısı bir ortalama ve bir varyans verir; kod $z = \mu + \sigma \odot \varepsilon$ ile örneklenir.
# - Yalnız **yeniden oluşturma** kaybıyla sınıflar ayrışır ama aralarında boşluklar kalır ve kodların bilinen bir
#   biçimi yoktur. Yalnız **KL** kaybıyla kodlar $\mathcal{N}(0, I)$'ye uyar ama sınıflar karışır ve yeniden
#   oluşturma kötüdür. **İkisi birlikte** hem $\mathcal{N}(0, I)$'ye uyan hem de sınıfları boşluksuz bölgelere
#   ayıran bir gizil uzay verir.
# - İki sınıf arasındaki yol, AE'de hiçbir sınıfa uymayan bölgelerden geçer.
# - **β** bu iki terimi dengeler.
# - Tek tek gizil boyutlar görünür özellikleri denetleyebilir.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Otokodlayıcının ve VAE'nin iki boyutlu gizil uzaylarını karşılaştırmak; yeniden oluşturma
# ve KL terimlerinin etkisini ayrı ayrı göstermek; önselden üretimi ortalama güven, kapsanan sınıf ve Fréchet
# uzaklığıyla ölçmek; sınıflar arası gizil yolları sınıflandırıcıyla puanlamak; β'nın hız–bozulma takasını
# yorumlamak; etkin boyutları bulup boyut gezintilerini yorumlamak; bir farkı tohumlar arası yayılımla tartmak.
#
# **Süre:** yaklaşık 90 dakika. **Önkoşullar:** defter 01–07: model ve kayıp (02, 02c), β ısınması ve SupCon (03),
# PSNR ve SSIM (04), kNN (05), önselden üretim (06), ara değerleme (07); normal dağılım, ortalama ve standart sapma.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import functools

import numpy as np
import pandas as pd

from vaelib import classes, classifier, config, data, evaluation, generation, latent, plots, runs
from vaelib.course import explorers, grids, lesson, project

cfg = lesson.lesson_base()  # the shared settings of the lesson runs
splits = data.load_splits(cfg)  # the data the lesson runs were trained and scored on
noisy = data.noisy_test_images(splits.x_test, cfg)
table = lesson.read_table()  # one row per run: every setting with every seed
by_setting = table.set_index("setting")
seed_stats = grids.seed_stats(by_setting, lesson.METRICS)
beats = functools.partial(grids.beats, by_setting)  # beats(a, b, metric, ±1): does b beat a with every seed?
models_2d = {name: runs.load_vae(lesson.LESSON_DIR / name)[0] for name in lesson.TWO_D_RUNS}  # the first seed's
judge = classifier.load_classifier(project.CLASSIFIER_DIR)
ref_vae, ref_cfg = runs.load_vae(runs.require_complete(project.REFERENCE_RUN_DIR))
NAMES = {"ae_2d": plots.text("model_ae"), "vae_recon_2d": plots.text("model_recon_only"),
         "vae_kl_2d": plots.text("model_kl_only"), "vae_2d": plots.text("model_vae"),
         "reference": plots.text("model_reference"), "real": plots.text("real_images")}
DECIMALS = {"test_kl": 1, "psnr": 2, "ssim": 3, "knn5_acc": 3, "mean_confidence": 3, "classes_covered": 1,
            "frechet_distance": 1, "path_confidence": 3, "path_other_class": 3}


def over_seeds(settings, metrics):
    """The "mean ± sd" over seeds of ``metrics`` for the lesson ``settings`` (rows in the given order)."""
    return grids.mean_sd_table(seed_stats.loc[list(settings)], {m: DECIMALS[m] for m in metrics})


def budget(run_dir) -> dict:
    """The settings that tell the lesson runs apart, and their budget (from config.json and training.json)."""
    run_cfg, done = runs.load_config(run_dir), runs.read_training(run_dir)
    return {"latent_dim": run_cfg.latent_dim, "variational": run_cfg.variational, "recon_weight": run_cfg.recon_weight,
            "kl_weight": run_cfg.kl_weight, "gamma_sc": run_cfg.gamma_sc,
            **{key: done[key] for key in ("epochs", "train_images")}}


def sampled_codes(model):
    """The z the decoder sees for every noisy test image (one draw of μ + σ·ε; the AE's code), and σ."""
    z_mean, z_log_var = evaluation.encode(model, noisy)
    sigma = np.zeros_like(z_mean) if z_log_var is None else np.exp(0.5 * z_log_var)
    return z_mean + sigma * np.random.default_rng(cfg.seed).standard_normal(z_mean.shape), sigma

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Modeller, bütçeleri ve tohumları
#
# - Gizil uzayı **iki boyutlu** dört model, anlatımdaki dört durumdur: AE, yalnız yeniden oluşturma, yalnız KL,
#   ikisi birlikte. Sınıf yapısı yalnız bu iki terimden gelsin diye bunlarda SupCon terimi yoktur.
# - **On altı boyutlu** modeller raporun kaybıyla (SupCon dahil) eğitildi, yalnız β değişir; `ae_16d` aynı
#   mimarinin düz otokodlayıcısıdır.
# - Hepsi aynı kısaltılmış bütçeyle ve **üç tohumla** eğitildi (komut: `python -m vaelib lesson`); tablolar
#   tohumlar üzerinden ortalama ± standart sapmadır, şekiller ilk tohumun modelleridir. `reference` öteki
#   defterlerin tam bütçeli modelidir.

# %% slideshow={"slide_type": "subslide"}
pd.DataFrame.from_dict({**{name: budget(lesson.LESSON_DIR / name) for name in lesson.lesson_settings()},
                        "reference": budget(project.REFERENCE_RUN_DIR)}, orient="index")

# %%
summary = classifier.read_summary(project.CLASSIFIER_DIR)
print("tohumlar:", grids.SEEDS, "| çalıştırma sayısı:", len(table))
print(f"sınıflandırıcı: {summary['epochs']} epoch, {summary['train_images']:,} temiz eğitim görüntüsü")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bir fark ne zaman gerçek?
#
# Defter 08'deki ölçütle: bir farkı yalnız iki ayarın tohumları **ayrıksa** (birinin her tohumu ötekinin her
# tohumundan iyiyse) gerçek sayıyoruz (`grids.compare_seeds`). Üç tohumla bu zayıf bir ölçüttür: aynı
# dağılımdan gelen iki üçlü de 10 seferde bir ayrılır. Aşağıdaki "evet / hayır" satırları bu ölçütle hesaplanır.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Yeniden parametrelendirme: bir girdi, birçok $z$
#
# VAE'nin kodlayıcısı bir test görüntüsü için bir nokta değil, bir dağılım verir: $\mu$ ve $\sigma$. Eğitimde
# çözücü bu dağılımdan çekilen $z = \mu + \sigma \odot \varepsilon$'u görür ($\varepsilon \sim \mathcal{N}(0, I)$,
# tohum sabit). İki boyutlu VAE'de ilk test görüntüsünün $\mu$ ve $\sigma$'sı, ve $\sigma$'nın bütün test kümesindeki
# $\mu$'lerin yayılımına oranı:

# %%
IMAGE = 0  # the test image of this slide and of the traversals
vae = models_2d["vae_2d"]
z_mean, z_log_var = evaluation.encode(vae, noisy[IMAGE:IMAGE + 1])
mu, sigma = z_mean[0], np.exp(0.5 * z_log_var[0])
spread = evaluation.encode(vae, noisy)[0].std(axis=0)
print("μ =", mu.round(3), "  σ =", sigma.round(3), "  σ / (μ'lerin standart sapması) =", (sigma / spread).round(3))

# %% slideshow={"slide_type": "subslide"}
z = mu + sigma * np.random.default_rng(cfg.seed).standard_normal((8, vae.latent_dim))
rows = [noisy[IMAGE:IMAGE + 1], generation.decode(vae.decoder, mu[None]), generation.decode(vae.decoder, z)]
fig = plots.image_rows(rows, [plots.text("noisy_input"), plots.text("reparam_mean"), plots.text("reparam_samples")],
                       suptitle=plots.text("reparam_title"))
saved = project.save_figure(fig, "07b_yeniden_parametrelendirme")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Sekiz örnek gözle ayırt edilemez: $\sigma$, $\mu$'lerin test kümesindeki yayılımının yanında küçüktür (yukarıdaki
# oran). Çözücü eğitimde bu kadar küçük sarsıntılar görür; bu şekil mekanizmayı gösterir ama etkisini göstermez.
# Kodların önselin çevresinde toplanmasının asıl izi sonraki panellerdedir.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Dört model, iki boyutlu gizil uzay
#
# Aynı kodlayıcı ve çözücü, dört farklı kayıp. Her test görüntüsü için **çözücünün gördüğü** $z$ çizildi: AE'de
# kodun kendisi, VAE'lerde $z = \mu + \sigma \odot \varepsilon$ (görüntü başına bir çekiliş); renk sınıftır.
# Yalnız $\mu$'yü çizmek, $\sigma$'sı bire yakın olan yalnız-KL modelinde yanıltırdı: onun $\mu$'leri sıfıra yapışıktır,
# $z$'leri ise $\mathcal{N}(0, I)$'dir. Önce her panel kendi ölçeğinde:

# %% slideshow={"slide_type": "subslide"}
sampled = {name: sampled_codes(model) for name, model in models_2d.items()}
codes = {name: z for name, (z, _) in sampled.items()}
titles = [NAMES[name] for name in codes]
fig = plots.latent_panels(codes, splits.y_test, titles, share_axes=False, suptitle=plots.text("latent_panels_own_axes"))
saved = project.save_figure(fig, "07b_gizil_kendi_olcegi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Sonra aynı eksenlerde, ölçekleri karşılaştırmak için:

# %%
fig = plots.latent_panels(codes, splits.y_test, titles, share_axes=True,
                          suptitle=plots.text("latent_panels_shared_axes"))
saved = project.save_figure(fig, "07b_gizil_ortak_eksen")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Sayılarla: $\mathcal{N}(0, I)$'ye uyuyor mu, sınıflar ayrışıyor mu?
#
# Çizilen $z$'lerin boyut başına ortalaması ve standart sapması ($\mathcal{N}(0, I)$'de sıfır ve bir) ve ortalama
# $\sigma$ (AE'de sıfır), ilk tohumun modellerinden; yanında `lesson.csv`'den üç tohumun test KL'si (nat), PSNR'ı
# ve beş komşulu kNN doğruluğu ($\mu$ üzerinde).

# %%
stats = pd.DataFrame.from_dict({name: {"mean_z1": z[:, 0].mean(), "mean_z2": z[:, 1].mean(), "std_z1": z[:, 0].std(),
                                       "std_z2": z[:, 1].std(), "mean_sigma": sigma.mean()}
                                for name, (z, sigma) in sampled.items()}, orient="index").round(3)
stats.join(over_seeds(models_2d, ["test_kl", "psnr", "knn5_acc"]))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - **AE** ve **yalnız yeniden oluşturma**: sınıflar ayrı bölgelere düşer, ama kodların merkezi ve ölçeği keyfîdir:
#   ortalamalar sıfırdan, standart sapmalar birden çok uzaktır. Yalnız yeniden oluşturmayla eğitilen VAE
#   $\sigma$'yı neredeyse sıfıra indirir (`mean_sigma`) ve test KL'si çok büyüktür: pratikte bir AE'ye döner.
# - **Yalnız KL**: $z$, $\mathcal{N}(0, I)$'dir ($\sigma$ bire yakın, test KL'si sıfıra yakın), çünkü kodlayıcı girdiyi
#   yok sayar: sınıflar tamamen karışır, kNN şans düzeyindedir ve çıktı gürültülü girdiden bile kötüdür (PSNR).
# - **İkisi birlikte**: $z$'nin ortalaması sıfıra, standart sapması bire yakındır ve sınıflar yine komşu bölgelere
#   ayrılır. Anlatımın beklemediği bir karşılaştırma, AE ile iki boyutlu VAE arasında; tohumlarla:

# %%
grids.print_checks({
    "iki boyutta VAE, AE'den iyi yeniden oluşturuyor (PSNR, tohumlar ayrık)": beats("ae_2d", "vae_2d", "psnr", +1),
    "iki boyutta VAE, sınıfları AE'den iyi ayırıyor (kNN, tohumlar ayrık)": beats("ae_2d", "vae_2d", "knn5_acc", +1),
})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gizil düzlemi çözmek
#
# Aynı $z$ ızgarası iki çözücüye verilir. Izgara $\mathcal{N}(0, I)$'nin yüzdeliklerinden kurulur
# (`generation.normal_quantile_grid`): her hücre önsel altında eşit olasılıklıdır.

# %%
grid = generation.normal_quantile_grid(15)
print("ızgara değerleri:", grid.round(2))

# %% slideshow={"slide_type": "subslide"}
planes = {"ae_2d": generation.decode_plane(models_2d["ae_2d"].decoder, grid, grid)}
fig = plots.plane_grid(planes["ae_2d"], grid, grid, plots.text("plane_title").format(model=NAMES["ae_2d"]))
saved = project.save_figure(fig, "07b_cozulen_duzlem_ae")

# %% slideshow={"slide_type": "subslide"}
planes["vae_2d"] = generation.decode_plane(models_2d["vae_2d"].decoder, grid, grid)
fig = plots.plane_grid(planes["vae_2d"], grid, grid, plots.text("plane_title").format(model=NAMES["vae_2d"]))
saved = project.save_figure(fig, "07b_cozulen_duzlem_vae")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## AE'nin düzleminde boşluk mu, ölçek mi?
#
# AE'nin önsel ızgarasındaki bütün hücreler birbirine benzer: ızgara, AE kodlarının bulunduğu geniş alanın küçük
# bir köşesine düşer (ortak eksenli şekil). Bu bir **ölçek uyuşmazlığıdır**, boşluk değil. Boşluk var mı diye
# bakmak için AE'nin düzlemini kendi kodlarının aralığında (0,5–99,5 yüzdelikleri) çözüyoruz.

# %% slideshow={"slide_type": "subslide"}
low, high = np.percentile(codes["ae_2d"], [0.5, 99.5], axis=0)
own_x, own_y = np.linspace(low[0], high[0], 15), np.linspace(low[1], high[1], 15)
planes["ae_2d, kendi aralığı"] = generation.decode_plane(models_2d["ae_2d"].decoder, own_x, own_y)
fig = plots.plane_grid(planes["ae_2d, kendi aralığı"], own_x, own_y,
                       plots.text("plane_own_range_title").format(model=NAMES["ae_2d"]))
saved = project.save_figure(fig, "07b_cozulen_duzlem_ae_kendi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Sınıflandırıcı her düzlemin 225 hücresini puanlar: ortalama güven ve güveni 0,5'in altında kalan ("hiçbir sınıfa
# uymayan") hücrelerin oranı.

# %%
plane_scores = {}
for name, images in planes.items():
    _, probabilities = classifier.features_and_probabilities(judge, images.reshape(-1, 28, 28, 1))
    top = probabilities.max(axis=1)
    plane_scores[name] = {"ortalama güven": top.mean(), "güveni < 0,5 hücre oranı": (top < 0.5).mean(),
                          "farklı sınıf sayısı": len(np.unique(probabilities.argmax(axis=1)))}
pd.DataFrame(plane_scores).T.round(3)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - Önsel ızgarasında AE az sayıda sınıf üretir: önsel, AE'nin kodlarının nerede olduğunu bilmez. VAE'nin düzleminde
#   ise çok daha fazla sınıf vardır ve komşu hücreler birbirine yumuşakça geçer: önselin kapladığı bölge, kodların
#   bulunduğu bölgedir.
# - Kendi aralığında çözülen AE düzlemi de çeşitli sınıflar verir ve hiçbir sınıfa uymayan hücrelerin oranı orada
#   VAE'nin önsel ızgarasındakinden bile düşüktür (tablo). Anlatımın "AE'nin boşlukları" iddiasının bu veride ölçülen
#   kısmı, boşluktan çok ölçektir: AE'den üretmek için önce kodlarının nerede olduğunu bilmek gerekir; VAE'de bunu
#   önsel söyler.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Kaşif: iki düzlemde bir nokta seçin
#
# Her panelin kendi kaydırıcıları, kendi kodlarının aralığında: noktayı oynatın, çözülen görüntü köşede,
# sınıflandırıcının kararı altta.

# %%
planes_explorer = explorers.latent_planes({name: models_2d[name] for name in ("ae_2d", "vae_2d")},
                                          {name: codes[name] for name in ("ae_2d", "vae_2d")}, splits.y_test,
                                          judge, cfg.seed)
planes_explorer

# %% slideshow={"slide_type": "skip"}
print(explorers.readout_text(planes_explorer))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Önselden örnekler: aynı $z$, iki çözücü
#
# Üretmek, $z \sim \mathcal{N}(0, I)$ çekip çözmektir. Aynı tohumla çekilen aynı $z$'ler AE'nin ve iki boyutlu
# VAE'nin çözücüsüne verilir.

# %%
ae_samples, vae_samples = (generation.sample_prior(models_2d[name].decoder, n=10, latent_dim=models_2d[name].latent_dim,
                                                   seed=cfg.seed) for name in ("ae_2d", "vae_2d"))
fig = plots.image_rows([ae_samples, vae_samples], ["AE", "VAE"], suptitle=plots.text("prior_two_decoders"))
saved = project.save_figure(fig, "07b_onselden_ornekler")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Göz yanılabilir: bir sonraki slayt aynı karşılaştırmayı on binlerce örnekle ve üç tohumla sayıya döker.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Üretimi sayılarla ölçmek
#
# Üretilen örnekleri bir **sınıflandırıcı** puanlar: küçük bir evrişimli ağ, temiz eğitim görüntüleriyle **bir kez**
# eğitildi ve saklandı (`classifier.train_classifier`); hiçbir VAE'nin çıktısını görmedi.
#
# - **Ortalama güven** (`mean_confidence`): en olası sınıfın ortalama olasılığı. Örnekler tanınabilir mi?
# - **Kapsanan sınıf** (`classes_covered`): örneklerin en az `classifier.COVERAGE_MIN_FRACTION` kadarını alan
#   sınıfların sayısı. Örnekler çeşitli mi?
# - **Fréchet uzaklığı** (`frechet_distance`): sınıflandırıcının sondan bir önceki katmanının öznitelikleri, üretilen
#   ve gerçek test görüntülerinde birer Gauss dağılımıyla özetlenip karşılaştırılır; küçük olan gerçeğe yakındır.
#   Bu, alan içi bir sınıflandırıcının öznitelikleriyle hesaplanmış bir FID'dir: makalelerdeki Inception-FID
#   değerleriyle **karşılaştırılamaz**, yalnız buradaki modelleri sıralar.

# %% slideshow={"slide_type": "subslide"}
print(f"sınıflandırıcının test doğruluğu (temiz test görüntüleri): {summary['test_accuracy']:.4f}")
print(f"model başına {lesson.GENERATED_SAMPLES:,} önsel örneği, {len(splits.x_test):,} gerçek test görüntüsüyle "
      "karşılaştırılır")
over_seeds(["ae_2d", "vae_2d"], ["mean_confidence", "classes_covered", "frechet_distance"])

# %% [markdown] slideshow={"slide_type": "subslide"}
# Ölçüt olarak referans model (on altı boyut) ve aynı sayıda **gerçek eğitim görüntüsü** (`real`), aynı ölçümle:
# Fréchet uzaklığı örnek sayısına bağlıdır, gerçek görüntülerde bile sıfır olmaz. İlk tohumun iki boyutlu
# modelleri de burada canlı puanlanır; `lesson.csv`'deki satırlarıyla aynı olmalıdır.

# %%
generators = {"ae_2d": models_2d["ae_2d"], "vae_2d": models_2d["vae_2d"], "reference": ref_vae}
samples = {name: generation.sample_prior(model.decoder, lesson.GENERATED_SAMPLES, model.latent_dim, seed=cfg.seed)
           for name, model in generators.items()}
samples["real"] = splits.x_train[:lesson.GENERATED_SAMPLES]
scores = {name: classifier.generation_scores(judge, images, splits.x_test) for name, images in samples.items()}
generated = pd.DataFrame.from_dict(scores, orient="index").drop(columns="class_histogram")
live = generated.loc[["ae_2d", "vae_2d"]]
print("iki boyutlu satırlar lesson.csv ile aynı:", np.allclose(live, table.loc[live.index, live.columns], rtol=1e-3, atol=1e-3))
generated.round(DECIMALS)

# %% slideshow={"slide_type": "subslide"}
fig = plots.class_histograms({NAMES[name]: scores[name]["class_histogram"] for name in scores})
saved = project.save_figure(fig, "07b_uretilen_siniflar")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - AE'nin önsel örnekleri iki boyutlu VAE'ninkilerden gerçeğe daha uzaktır ve daha az sınıfı kapsar (aşağıdaki
#   denetimler üç tohumla); sınıflandırıcı onları çoğunlukla birkaç sınıfa koyar (histogram).
# - On altı boyutlu referans model on sınıfı da üretir, ama Fréchet uzaklığı gerçek görüntülerinkinden hâlâ çok
#   büyüktür: VAE örnekleri bulanıktır (defter 06).

# %%
grids.print_checks({
    "AE'nin önsel örnekleri VAE'ninkilerden gerçeğe uzak (Fréchet, tohumlar ayrık)":
        beats("vae_2d", "ae_2d", "frechet_distance", +1),
    "VAE, AE'den çok sınıf kapsıyor (tohumlar ayrık)": beats("ae_2d", "vae_2d", "classes_covered", +1),
})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## İki sınıf arasındaki yol
#
# Anlatım, AE'de iki sınıf arasındaki yolun (ör. "1'den 7'ye") hiçbir sınıfa uymayan bölgelerden geçtiğini söyler.
# Ölçüyoruz: farklı sınıflardan `lesson.PATH_PAIRS` test görüntüsü çifti (her model için aynı çiftler), kodları
# ($\mu$) arasında doğrusal yol, yolun iç noktaları çözülüp sınıflandırıcıya verilir.
# `path_confidence`: iç noktalarda en olası sınıfın ortalama olasılığı; `path_other_class`: iki uç noktanın
# sınıfından da farklı bir sınıfa konan iç noktaların oranı.

# %%
PATH_SETTINGS = ["ae_2d", "vae_2d", "ae_16d", "beta=1.0"]
over_seeds(PATH_SETTINGS, ["path_confidence", "path_other_class"])

# %% slideshow={"slide_type": "subslide"}
path_models = {"ae_16d": runs.load_vae(lesson.LESSON_DIR / "ae_16d")[0], "beta=1.0": runs.load_vae(lesson.LESSON_DIR / "beta=1.0")[0]}
pairs = lesson.path_pairs(splits.y_test, cfg.seed)
curves = {}
for name, model in path_models.items():
    z_path = evaluation.encode(model, noisy)[0]
    curves[name] = lesson.path_probabilities(model, judge, z_path, pairs).max(axis=2).mean(axis=0)
positions = np.linspace(0, 1, lesson.PATH_STEPS).round(3)
fig = plots.line_chart(positions, {plots.text("model_ae"): curves["ae_16d"],
                                   plots.text("model_beta").format(beta=1.0): curves["beta=1.0"]},
                       plots.text("path_chart"), plots.text("path_position_axis"), plots.text("confidence_axis"))
saved = project.save_figure(fig, "07b_yol_guveni")

# %% slideshow={"slide_type": "subslide"}
trousers, sneakers = (int(np.flatnonzero(splits.y_test == c)[0]) for c in (1, 7))
names = classes.class_names()
rows = [generation.decode_interpolation(model.decoder, *evaluation.encode(model, noisy[[trousers, sneakers]])[0], 9)
        for model in path_models.values()]
fig = plots.image_rows(rows, [plots.text("model_ae"), plots.text("model_beta").format(beta=1.0)],
                       suptitle=plots.text("path_rows_title").format(start=names[1], end=names[7]))
saved = project.save_figure(fig, "07b_yol_ornegi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# Her iki modelde de yolun ortası uçlardan belirsizdir: iki sınıf arasındaki bir ara görüntü sınıflandırıcı için
# doğal olarak belirsizdir. Soru, AE'de bu belirsizliğin VAE'dekinden büyük olup olmadığıdır; üç tohumla:

# %%
grids.print_checks({
    "16 boyut: AE'nin yolu VAE'ninkinden az güvenli (tohumlar ayrık)": beats("beta=1.0", "ae_16d", "path_confidence", -1),
    "16 boyut: AE'nin yolu başka sınıflardan daha çok geçiyor (tohumlar ayrık)":
        beats("beta=1.0", "ae_16d", "path_other_class", +1),
    "2 boyut: AE'nin yolu VAE'ninkinden az güvenli (tohumlar ayrık)": beats("vae_2d", "ae_2d", "path_confidence", -1),
})

# %% [markdown] slideshow={"slide_type": "fragment"}
# On altı boyutta anlatımın iddiası ölçülür biçimde tutar, ama fark küçüktür (yukarıdaki tablo): AE'nin yolu biraz
# daha belirsizdir ve başka sınıflardan biraz daha sık geçer. İki boyutta fark tohum yayılımının içindedir: orada
# iki modelin yolları da sık sık üçüncü bir sınıftan geçer, çünkü on sınıf bir düzleme sığmak zorundadır.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Kaşif: yolda yürüyün
#
# İki sınıf seçin (her sınıfın testteki ilk görüntüsü) ve $t$'yi kaydırın: AE ve VAE (16 boyut, aynı bütçe) aynı
# yolda, sağda $t$'deki görüntü ve sınıflandırıcının kararı.

# %%
path_explorer = explorers.interpolation({plots.text("model_ae"): path_models["ae_16d"],
                                         plots.text("model_beta").format(beta=1.0): path_models["beta=1.0"]},
                                        splits.x_test, splits.y_test, judge)
path_explorer

# %%
print(explorers.readout_text(path_explorer))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## β neyi neyle takas ediyor?
#
# On altı boyutlu model, raporun kaybıyla (SupCon dahil); yalnız KL ağırlığı β değişir. Hepsi aynı kısaltılmış
# bütçeyle eğitildi: satırlar birbirleriyle karşılaştırılır, referans modelle değil. Sütunlar: test KL'si (hız, nat /
# görüntü), PSNR ve SSIM (gürültü giderme), kNN (temsil), ortalama güven, kapsanan sınıf ve Fréchet uzaklığı
# (önselden üretim, yukarıdaki gibi).

# %%
print(f"bütçe: {cfg.epochs} epoch, {cfg.train_size:,} eğitim görüntüsü, β ısınması {cfg.beta_warmup_epochs} epoch "
      f"(referans model: {ref_cfg.epochs} epoch, ısınma {ref_cfg.beta_warmup_epochs} epoch)")
BETAS = [f"beta={beta}" for beta in lesson.BETA_VALUES]
over_seeds(BETAS, ["test_kl", "psnr", "ssim", "knn5_acc", "mean_confidence", "classes_covered", "frechet_distance"])

# %% slideshow={"slide_type": "subslide"}
beta_means = seed_stats.loc[BETAS].xs("mean", axis=1, level=1).assign(beta=lesson.BETA_VALUES)
fig = plots.rate_distortion(beta_means, kl="test_kl", psnr="psnr", beta="beta")
saved = project.save_figure(fig, "07b_hiz_bozulma")

# %% slideshow={"slide_type": "subslide"}
steps = list(zip(BETAS, BETAS[1:]))
grids.print_checks({
    "β büyüdükçe test KL'si her adımda azalıyor (her adımda tohumlar ayrık)":
        all(beats(a, b, "test_kl", -1) for a, b in steps),
    "β büyüdükçe Fréchet uzaklığı her adımda azalıyor (tohumlar ayrık)":
        all(beats(a, b, "frechet_distance", -1) for a, b in steps),
    f"β {lesson.BETA_VALUES[0]:g} → {lesson.BETA_VALUES[1]:g}: Fréchet uzaklığı azalıyor (tohumlar ayrık)":
        beats(BETAS[0], BETAS[1], "frechet_distance", -1),
    f"β {lesson.BETA_VALUES[1]:g} → {lesson.BETA_VALUES[2]:g}: PSNR azalıyor (tohumlar ayrık)":
        beats(BETAS[1], BETAS[2], "psnr", -1),
    "en büyük β, en küçük β > 0'dan kötü gürültü gideriyor (PSNR, tohumlar ayrık)": beats(BETAS[1], BETAS[-1], "psnr", -1),
    "en küçük β > 0, KL'siz modelden iyi gürültü gideriyor (PSNR, tohumlar ayrık)": beats(BETAS[0], BETAS[1], "psnr", +1),
    "β 0 → 1: kNN değişiyor (tohumlar ayrık)": beats(BETAS[0], BETAS[2], "knn5_acc", +1)
        or beats(BETAS[0], BETAS[2], "knn5_acc", -1),
})

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - **Hız:** β büyüdükçe test KL'si her adımda küçülür: KL terimi koddaki bilgiyi kısar.
# - **Üretim:** KL terimini eklemek (β = 0'dan en küçük β > 0'a) önsel örneklerini gerçeğe açıkça yaklaştırır; β daha da
#   büyüdükçe Fréchet uzaklığı ortalamada küçülmeye devam eder, ama adımlar tohum yayılımının mertebesindedir.
# - **Bozulma:** anlatımın resmi "KL ne kadar büyükse yeniden oluşturma o kadar kötü" der. KL'siz model ile en küçük
#   β arasındaki PSNR farkı tohum yayılımının içindedir; oradan sonra β büyüdükçe PSNR düşer, en büyük β'da açıkça.
# - **Temsil:** β = 0'dan 1'e kNN'deki değişim tohum yayılımının içindedir.
# - **Dengelemek** bu yüzden gerçekten bir seçimdir: raporun β'sı, üretimi ve gürültü gidermeyi birlikte iyi
#   tutan bir orta noktadır.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## KL teriminin gürültü gidermedeki bedeli
#
# Gürültü gidermek için önselden örneklemeye gerek yoktur: orada KL terimi yalnız bir kısıttır. Aynı bütçeyle eğitilen
# düz otokodlayıcı (`ae_16d`), KL'siz VAE ve raporun β'sıyla eğitilen VAE aynı gürültülü test görüntülerinde, üç
# tohumla. kNN hepsinde aynı eğitim alt kümesine uydurulur, bu yüzden defter 05'teki değerden farklıdır.

# %%
baseline = table.loc["ae_16d"]
print(f"gürültülü girdi: MSE {baseline['baseline_mse']:.4f}, PSNR {baseline['baseline_psnr']:.2f} dB, "
      f"SSIM {baseline['baseline_ssim']:.3f}")
over_seeds(["ae_16d", "beta=0.0", "beta=1.0"], ["psnr", "ssim", "knn5_acc", "test_kl"])

# %% slideshow={"slide_type": "subslide"}
picks = data.first_indices_per_class(splits.y_test, 1)[:, 0]
rows = [noisy[picks], *(evaluation.reconstruct(model, noisy[picks]) for model in (*path_models.values(), ref_vae)),
        splits.x_test[picks]]
titles = [plots.text("noisy_input"), plots.text("model_ae"), plots.text("model_beta").format(beta=1.0),
          NAMES["reference"], plots.text("clean_target")]
fig = plots.image_rows(rows, titles, suptitle=plots.text("denoising_models"))
saved = project.save_figure(fig, "07b_gurultu_giderme")

# %% slideshow={"slide_type": "subslide"}
for a, b, metric in [("beta=1.0", "ae_16d", "psnr"), ("beta=1.0", "ae_16d", "ssim"), ("beta=1.0", "beta=0.0", "psnr"),
                     ("ae_16d", "beta=0.0", "psnr"), ("beta=1.0", "ae_16d", "knn5_acc")]:
    grids.print_comparison(by_setting, a, b, [metric])

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - Aynı bütçede düz otokodlayıcı ile raporun β'sıyla eğitilen VAE arasındaki PSNR ve SSIM farkı tohum yayılımının
#   içindedir: KL teriminin gürültü gidermedeki bedeli ölçülemeyecek kadar küçüktür. KL'siz VAE, KL terimli VAE'den
#   desibelin onda biri kadar iyidir (ayrık); sınıf yapısında (kNN) ise KL terimli VAE AE'den biraz öndedir (ayrık).
#   Karşılığında VAE önselden üretebilir.
# - Üç model de aynı ölçüde bulanıktır (şekil): bulanıklığın kaynağı KL terimi değil, piksel başına kaybın verdiği
#   koşullu ortalamadır (defter 04).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gizil boyutlar ne anlatıyor?
#
# Referans modelin (on altı boyut, tam bütçe) her gizil boyutu için gürültülü test görüntülerinde ortalama KL. KL'si
# eşiğin (`latent.ACTIVE_KL_NATS`) altındaki bir boyut önsele çökmüştür: çözücüye bilgi taşımaz.

# %%
ref_z_mean, ref_z_log_var = evaluation.encode(ref_vae, data.noisy_test_images(splits.x_test, ref_cfg))
kl = latent.kl_per_dimension(ref_z_mean, ref_z_log_var)
active = latent.active_dimensions(kl)
print(f"etkin boyut: {len(active)} / {ref_cfg.latent_dim} (eşik {latent.ACTIVE_KL_NATS} nat), toplam KL {kl.sum():.2f} nat, "
      f"en etkin beş boyutun payı %{100 * np.sort(kl)[-5:].sum() / kl.sum():.0f}")

# %% slideshow={"slide_type": "subslide"}
fig = plots.kl_bars(kl, threshold=latent.ACTIVE_KL_NATS)
saved = project.save_figure(fig, "07b_boyut_kl")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## En etkin beş boyutta gezinti
#
# İlk test görüntüsünün $\mu$'sünden başlanır; her satırda yalnız bir boyut değişir (değerler sütun başlıklarında),
# ötekiler sabit kalır.

# %% slideshow={"slide_type": "subslide"}
dims = np.argsort(kl)[::-1][:5]
traversal_values = np.linspace(-3.0, 3.0, 7)
images = generation.latent_traversal(ref_vae.decoder, ref_z_mean[IMAGE], dims, traversal_values)
fig = plots.traversal_grid(images, dims, traversal_values, kl)
saved = project.save_figure(fig, "07b_boyut_gezintisi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - Çöken boyut yoktur, hepsi eşiğin üstündedir; ama KL eşit dağılmaz: en etkin birkaç boyut toplamın büyük
#   kısmını taşır (yukarıdaki oran).
# - **İlk satır** (en etkin boyut) giysiyi karartır ya da aydınlatır: eksi yönde bot neredeyse kaybolur, artı
#   yönde parlak, dolu bir kütleye döner.
# - **İkinci satır** giysinin **türünü** değiştirir: bot, artı yönde dik duran bir elbise ya da üst giysi
#   biçimine döner.
# - **Üçüncü satır** botun konçunu kısaltır: artı yönde bot alçak bir spor ayakkabıya, sandalete dönüşür.
# - **Dördüncü ve beşinci satırların** etkisi incedir (konçun biçimi, bulanıklık).
# - Anlatımın "tek boyutlar görünür özellikleri denetler" iddiası **kısmen** tutar: bazı boyutlar adı konabilecek
#   bir özelliği değiştirir (parlaklık, konç boyu), ama tür bilgisi birkaç boyuta dağılmıştır; boyutlar
#   ayrıştırılmış (disentangled) değildir. Üçüncü alıştırma başka bir görüntüyle aynı soruyu sorar.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Özet: anlatımın iddiaları, bu veride
#
# - **AE önselden üretemez:** önsel ızgarasında ve önsel örneklerinde doğrulandı (`07b_cozulen_duzlem_ae`,
#   `07b_onselden_ornekler`, üretim tablosu); ama sebebi bu veride boşluktan çok ölçektir (`07b_cozulen_duzlem_ae_kendi`).
# - **VAE ortalama ve varyans verir, $z = \mu + \sigma \odot \varepsilon$:** gösterildi (`07b_yeniden_parametrelendirme`);
#   iki boyutta $\sigma$ küçüktür.
# - **Yalnız yeniden oluşturma / yalnız KL / ikisi birlikte:** doğrulandı (`07b_gizil_kendi_olcegi`,
#   `07b_gizil_ortak_eksen`, istatistik tablosu).
# - **Sınıflar arası yol AE'de hiçbir sınıfa uymayan bölgelerden geçer:** on altı boyutta küçük ama ayrık bir farkla
#   doğrulandı, iki boyutta gösterilemedi; iki sınıf arasındaki yolun ortası her modelde belirsizdir (`07b_yol_guveni`,
#   `07b_yol_ornegi`).
# - **β dengeler:** hız için her adımda; üretim için en çok KL terimini eklemekle; yeniden oluşturmada büyük β'ların
#   bedeli açık, küçük β'larınki ölçülemeyecek kadar küçük (`07b_hiz_bozulma`).
# - **Anlatımda olmayan bir bedel:** gürültü gidermede KL teriminin bedeli aynı bütçede tohum yayılımının içinde
#   (`07b_gurultu_giderme`).
# - **Tek boyutlar görünür özellikleri denetler:** kısmen (`07b_boyut_kl`, `07b_boyut_gezintisi`).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. İki boyutlu VAE'yi daha büyük bir β ile kısa bir bütçede eğitin ve çözülen düzlemini yukarıdakiyle
#    karşılaştırın. Giysilerin ayrıntıları ve sınıflar arası geçişler nasıl değişiyor?
#    - *İpucu:* `training.train(lesson.lesson_settings()["vae_2d"].replace(kl_weight=4.0, epochs=2, train_size=5000), project.RUNS_DIR / "benim_2d", splits=splits)`
#      (önce `from vaelib import training`), sonra `runs.load_vae`, `generation.decode_plane` ve `plots.plane_grid`.
# 2. Yol ölçümünü yalnız aynı sınıftan çiftlerle yapın. Yolun ortasındaki güven, farklı sınıflar arasındaki
#    yollardakiyle nasıl karşılaştırılır?
#    - *İpucu:* aynı sınıftan çiftler `np.flatnonzero(splits.y_test == c)` ile; sonra
#      `lesson.path_probabilities(path_models["beta=1.0"], judge, z_path, same_pairs)`.
# 3. Gezintiyi başka bir test görüntüsünden başlatın (ör. üçüncü test görüntüsü, bir pantolon). Aynı boyutlar aynı
#    özelliği mi değiştiriyor? En az etkin boyutlarda görüntü değişiyor mu?
#    - *İpucu:* `generation.latent_traversal(ref_vae.decoder, ref_z_mean[2], dims, traversal_values)`, sonra
#      `plots.traversal_grid`; en az etkin boyutlar: `np.argsort(kl)[:3]`.
# 4. Fréchet uzaklığını daha az örnekle hesaplayın. Değer örnek sayısıyla nasıl değişiyor, modellerin sırası
#    korunuyor mu?
#    - *İpucu:* `few = generation.sample_prior(models_2d["vae_2d"].decoder, n=1000, latent_dim=2, seed=cfg.seed)`,
#      sonra `classifier.generation_scores(judge, few, splits.x_test)`.

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# İki boyutlu VAE'yi β = 4 ile kısa bir bütçede eğitip (birkaç saniye) çözülen düzlemini aynı önsel ızgarasında
# çiziyoruz; kıyas için aynı kısa bütçeyle β = 1.

# %% slideshow={"slide_type": "skip"} tags=["solution", "nbval-ignore-output"]
# nbval-ignore-output: a training's round-off differs from one CPU to another; the next cell checks the outcome.
import shutil

from vaelib import training

short = {"epochs": 2, "train_size": 5000, "compute_dtype": "float32"}  # float32 on every CPU, as the check below needs
mine = {}
for beta in (1.0, 4.0):
    run_dir = project.RUNS_DIR / f"benim_2d_beta{beta:g}"
    shutil.rmtree(run_dir, ignore_errors=True)  # a fresh run each time the solution is executed
    training.train(lesson.lesson_settings()["vae_2d"].replace(kl_weight=beta, **short), run_dir, verbose=False,
                   splits=splits)
    mine[beta] = runs.load_vae(run_dir)[0]
fig = plots.image_rows([generation.decode_plane(mine[beta].decoder, grid[::2], grid[::2]).reshape(-1, 28, 28, 1)[::8]
                        for beta in mine], [f"β = {beta:g}" for beta in mine])

# %% slideshow={"slide_type": "skip"} tags=["solution"]
mine_kl = {beta: lesson.mean_test_kl(model, cfg, splits) for beta, model in mine.items()}
print("β = 4'ün test KL'si β = 1'inkinden küçük:", mine_kl[4.0] < mine_kl[1.0])

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** büyük β kodun taşıdığı bilgiyi kısar (daha küçük test KL'si): düzlemde giysiler daha bulanık, sınıflar
# arası geçişler daha yumuşak ve daha az ayrıntılıdır; bazı sınıflar düzlemden kaybolabilir. Bu bütçe çok kısa
# olduğundan bu yalnız bir eğilim gösterir.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Aynı sınıftan çiftlerle yol güveni, farklı sınıflar arasındaki yolların eğrisiyle (`curves`) yan yana (16 boyutlu
# VAE, β = 1).

# %% slideshow={"slide_type": "skip"} tags=["solution"]
rng = np.random.default_rng(cfg.seed)
same_pairs = np.stack([rng.choice(np.flatnonzero(splits.y_test == c), size=2, replace=False)
                       for c in rng.integers(0, 10, size=lesson.PATH_PAIRS)])
z_path = evaluation.encode(path_models["beta=1.0"], noisy)[0]
same_curve = lesson.path_probabilities(path_models["beta=1.0"], judge, z_path, same_pairs).max(axis=2).mean(axis=0)
middle = lesson.PATH_STEPS // 2
print(f"yolun ortasında güven: aynı sınıf {same_curve[middle]:.3f}, farklı sınıflar {curves['beta=1.0'][middle]:.3f}")
fig = plots.line_chart(positions, {"aynı sınıf": same_curve, "farklı sınıflar": curves["beta=1.0"]},
                       plots.text("path_chart"), plots.text("path_position_axis"), plots.text("confidence_axis"))

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** aynı sınıfın iki görüntüsü arasındaki yol o sınıfın bölgesinde kalır, ortasında da güven yüksektir;
# farklı sınıflar arasındaki yolda ise güven ortada düşer. Ortadaki düşüşün büyük kısmı sınıf değiştirmenin
# kendisindendir: bir ara görüntü iki sınıf arasında gerçekten belirsizdir.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# Gezinti üçüncü test görüntüsünden; en etkin beş boyutun ve en az etkin üç boyutun her satırında, iki uç
# görüntü arasındaki ortalama piksel farkı.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
print("başlangıç görüntüsünün sınıfı:", classes.class_names()[splits.y_test[2]])
for label, chosen in [("en etkin", dims), ("en az etkin", np.argsort(kl)[:3])]:
    walk = generation.latent_traversal(ref_vae.decoder, ref_z_mean[2], chosen, traversal_values)
    change = np.abs(walk[:, -1] - walk[:, 0]).mean(axis=(1, 2, 3))
    print(label, "boyutlar", [int(d) for d in chosen], "→ uçlar arası ortalama piksel farkı", change.round(3))
fig = plots.traversal_grid(generation.latent_traversal(ref_vae.decoder, ref_z_mean[2], dims, traversal_values),
                           dims, traversal_values, kl)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** en etkin boyutlar pantolonu da belirgin biçimde değiştirir, ama değiştirdikleri özellik bottakiyle aynı
# olmayabilir: bir boyutun "anlamı" başlangıç noktasına bağlıdır (boyutlar ayrıştırılmış değildir). En az etkin
# boyutlarda piksel farkı çok daha küçüktür: çözücü bu boyutlara az bakar.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 4
#
# 1.000 örnekle Fréchet uzaklığı, üç üretici ve gerçek görüntüler için; sıralamayı 10.000 örnekli tabloyla
# (`generated`) karşılaştırıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
few = {name: classifier.generation_scores(judge, images[:1000], splits.x_test)["frechet_distance"]
       for name, images in samples.items()}
comparison = pd.DataFrame({"1.000 örnek": few, f"{lesson.GENERATED_SAMPLES:,} örnek": generated["frechet_distance"]})
print("sıra aynı:", list(comparison.iloc[:, 0].sort_values().index) == list(comparison.iloc[:, 1].sort_values().index))
comparison.round(1)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** az örnekle Fréchet uzaklığı büyür (kovaryans tahmini gürültülüdür, gerçek görüntülerde bile): değerler
# ancak aynı örnek sayısıyla karşılaştırılabilir. Modellerin sırası bu kadar büyük farklarda korunur.
