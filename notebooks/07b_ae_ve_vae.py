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
# - **β** bu iki terimi dengeler.
# - Tek tek gizil boyutlar görünür özellikleri denetleyebilir.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Otokodlayıcının ve VAE'nin iki boyutlu gizil uzaylarını karşılaştırmak; yeniden oluşturma
# ve KL terimlerinin etkisini ayrı ayrı göstermek; önselden üretimi ortalama güven, kapsanan sınıf ve Fréchet
# uzaklığıyla ölçmek; β'nın hız–bozulma takasını yorumlamak; etkin boyutları bulup boyut gezintilerini yorumlamak.
#
# **Süre:** yaklaşık 90 dakika. **Önkoşullar:** defter 01 ve 02; normal dağılım; PSNR, SSIM ve kNN'in ne ölçtüğü.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import numpy as np
import pandas as pd

from vaelib import classifier, config, data, evaluation, generation, latent, plots, runs
from vaelib.course import lesson, sweep

cfg = lesson.lesson_base()  # the shared settings of the lesson runs
splits = data.load_splits(cfg)  # the data the lesson runs were trained and scored on
noisy = data.noisy_test_images(splits.x_test, cfg)
table = lesson.read_table()
models_2d = {name: runs.load_vae(lesson.LESSON_DIR / name)[0] for name in lesson.TWO_D_RUNS}
judge = classifier.load_classifier()
ref_vae, ref_cfg = runs.load_vae(runs.require_complete(config.REFERENCE_RUN_DIR))
NAMES = {"ae_2d": plots.text("model_ae"), "vae_recon_2d": plots.text("model_recon_only"),
         "vae_kl_2d": plots.text("model_kl_only"), "vae_2d": plots.text("model_vae"),
         "reference": plots.text("model_reference"), "real": plots.text("real_images")}
DECIMALS = {"test_kl": 1, "psnr": 2, "ssim": 3, "knn5_acc": 3, "mean_confidence": 3, "classes_covered": 0,
            "frechet_distance": 1}

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Modeller ve bütçeleri
#
# - Gizil uzayı **iki boyutlu** dört model, anlatımdaki dört durumdur: AE, yalnız yeniden oluşturma, yalnız KL,
#   ikisi birlikte. Sınıf yapısı yalnız bu iki terimden gelsin diye bunlarda SupCon terimi yoktur.
# - **On altı boyutlu** modeller raporun kaybıyla (SupCon dahil) eğitildi, yalnız β değişir; `ae_16d` aynı
#   mimarinin düz otokodlayıcısıdır.
# - Hepsi aynı kısaltılmış bütçeyle eğitildi (`lesson.LESSON_BUDGET`, komut: `python -m vaelib lesson`);
#   `reference` öteki defterlerin tam bütçeli modelidir. Bütçe, epoch sayısı ve eğitim görüntüsü sayısıdır (çalıştırma
#   dizinlerinin `config.json` ve `training.json` dosyalarından).

# %% slideshow={"slide_type": "subslide"}
def budget(run_dir):
    run_cfg, done = runs.load_config(run_dir), runs.read_training(run_dir)
    return {"latent_dim": run_cfg.latent_dim, "variational": run_cfg.variational, "recon_weight": run_cfg.recon_weight,
            "kl_weight": run_cfg.kl_weight, "gamma_sc": run_cfg.gamma_sc,
            **{key: done[key] for key in ("epochs", "train_images")}}
pd.DataFrame.from_dict({**{name: budget(lesson.LESSON_DIR / name) for name in lesson.lesson_configs()},
                        "reference": budget(config.REFERENCE_RUN_DIR)}, orient="index")

# %%
summary = classifier.read_summary()
print(f"sınıflandırıcı: {summary['epochs']} epoch, {summary['train_images']:,} temiz eğitim görüntüsü")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Yeniden parametrelendirme: bir girdi, birçok $z$
#
# VAE'nin kodlayıcısı bir test görüntüsü için bir nokta değil, bir dağılım verir: $\mu$ ve $\sigma$. Eğitimde
# çözücü bu dağılımdan çekilen $z = \mu + \sigma \odot \varepsilon$'u görür ($\varepsilon \sim \mathcal{N}(0, I)$,
# tohum sabit). İki boyutlu VAE'de ilk test görüntüsünün $\mu$ ve $\sigma$'sı:

# %%
IMAGE = 0  # the test image of this slide and of the traversals
vae = models_2d["vae_2d"]
z_mean, z_log_var = evaluation.encode(vae, noisy[IMAGE:IMAGE + 1])
mu, sigma = z_mean[0], np.exp(0.5 * z_log_var[0])
print("μ =", mu.round(3), "  σ =", sigma.round(3))

# %% slideshow={"slide_type": "subslide"}
z = mu + sigma * np.random.default_rng(cfg.seed).standard_normal((8, vae.latent_dim))
rows = [noisy[IMAGE:IMAGE + 1], generation.decode(vae.decoder, mu[None]), generation.decode(vae.decoder, z)]
fig = plots.image_rows(rows, [plots.text("noisy_input"), plots.text("reparam_mean"), plots.text("reparam_samples")],
                       suptitle=plots.text("reparam_title"))
saved = plots.save_figure(fig, "07b_yeniden_parametrelendirme")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Sekiz örnek aynı giysinin küçük çeşitlemeleridir: $\sigma$, kodların bütün test kümesindeki yayılımına göre
# küçüktür (sonraki tabloda `mean_sigma` ile `std_z1`, `std_z2`). Çözücü eğitimde hep böyle sarsılmış kodlar
# gördüğü için $\mu$'nün çevresindeki noktaları da anlamlı görüntülere çözmeyi öğrenir: VAE'nin gizil uzayı
# boşluksuz doldurmasının mekanizması budur.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Dört model, iki boyutlu gizil uzay
#
# Aynı kodlayıcı ve çözücü, dört farklı kayıp. Her test görüntüsünün kodu (AE'de kodun kendisi, VAE'lerde $\mu$)
# sınıfına göre renklendirildi. Önce her panel kendi ölçeğinde, biçimleri görmek için:

# %%
codes = lesson.latents_2d(splits)
titles = [NAMES[name] for name in codes]
fig = plots.latent_panels(codes, splits.y_test, titles, share_axes=False, suptitle=plots.text("latent_panels_own_axes"))
saved = plots.save_figure(fig, "07b_gizil_kendi_olcegi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Sonra aynı eksenlerde, ölçekleri karşılaştırmak için:

# %%
fig = plots.latent_panels(codes, splits.y_test, titles, share_axes=True,
                          suptitle=plots.text("latent_panels_shared_axes"))
saved = plots.save_figure(fig, "07b_gizil_ortak_eksen")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Sayılarla: $\mathcal{N}(0, I)$'ye uyuyor mu, sınıflar ayrışıyor mu?
#
# $\mathcal{N}(0, I)$ ile karşılaştırılması gereken, yalnız $\mu$ değil, çözücünün gördüğü
# $z = \mu + \sigma \odot \varepsilon$'dur: her test görüntüsü için bir $z$ çekip boyut başına ortalamasına ve standart
# sapmasına bakıyoruz ($\mathcal{N}(0, I)$'de ortalama sıfır, standart sapma birdir). `mean_sigma` ortalama
# $\sigma$'dır (AE'de sıfır). `lesson.csv` tablosundan: test KL'si (nat), PSNR ve beş komşulu kNN doğruluğu ($\mu$
# üzerinde).

# %%
def sampled_code_stats(model):
    z_mean, z_log_var = evaluation.encode(model, noisy)
    sigma = np.zeros_like(z_mean) if z_log_var is None else np.exp(0.5 * z_log_var)
    z = z_mean + sigma * np.random.default_rng(cfg.seed).standard_normal(z_mean.shape)
    return {"mean_z1": z[:, 0].mean(), "mean_z2": z[:, 1].mean(), "std_z1": z[:, 0].std(), "std_z2": z[:, 1].std(),
            "mean_sigma": sigma.mean()}
stats = pd.DataFrame.from_dict({name: sampled_code_stats(model) for name, model in models_2d.items()}, orient="index")
stats.join(table[["test_kl", "psnr", "knn5_acc"]]).round(3)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - **AE** ve **yalnız yeniden oluşturma**: sınıflar ayrı bölgelere düşer, ama kodların merkezi ve ölçeği keyfîdir:
#   ortalamalar sıfırdan, standart sapmalar birden çok uzaktır. Yalnız yeniden oluşturmayla eğitilen VAE
#   $\sigma$'yı neredeyse sıfıra indirir (`mean_sigma`) ve test KL'si çok büyüktür: pratikte bir AE'ye döner.
# - **Yalnız KL**: $z$ tam olarak $\mathcal{N}(0, I)$'dir ($\sigma$ bir, test KL'si sıfır), çünkü kodlayıcı girdiyi
#   yok sayar: sınıflar tamamen karışır, kNN şans düzeyindedir ve çıktı gürültülü girdiden bile kötüdür (PSNR).
# - **İkisi birlikte**: $z$'nin ortalaması sıfıra, standart sapması bire yakındır ve sınıflar yine komşu bölgelere
#   ayrılır. Anlatımın beklemediği bir şey: bu bütçede iki boyutlu VAE, AE'den hem daha iyi yeniden oluşturur hem
#   sınıfları daha iyi ayırır (PSNR ve kNN sütunları; özetteki denetimler bunu tablodan yeniden hesaplar). KL'nin
#   bedelini AE'nin keyfî, geniş kod uzayının öğrenmeyi zorlaştırması aşıyor görünür.
# - Ortak eksenli şekilde AE'nin ve yalnız-yeniden-oluşturma VAE'sinin kodları ötekilerden kat kat geniş bir alana
#   yayılır: ölçekleri bu kadar farklı olduğu için iki şekli birlikte gösterdik.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gizil düzlemi çözmek: AE'nin boşlukları
#
# Aynı $z$ ızgarası iki çözücüye verilir. Izgara $\mathcal{N}(0, I)$'nin yüzdeliklerinden kurulur
# (`generation.normal_quantile_grid`): her hücre önsel altında eşit olasılıklıdır. VAE'de ızgara kodların
# bulunduğu bölgeyi kaplar; AE'de ise kodların nerede olduğunu önsel bilmez.

# %%
grid = generation.normal_quantile_grid(15)
print("ızgara değerleri:", grid.round(2))

# %% slideshow={"slide_type": "subslide"}
plane = generation.decode_plane(models_2d["ae_2d"].decoder, grid, grid)
fig = plots.plane_grid(plane, grid, grid, plots.text("plane_title").format(model=NAMES["ae_2d"]))
saved = plots.save_figure(fig, "07b_cozulen_duzlem_ae")

# %% slideshow={"slide_type": "subslide"}
plane = generation.decode_plane(models_2d["vae_2d"].decoder, grid, grid)
fig = plots.plane_grid(plane, grid, grid, plots.text("plane_title").format(model=NAMES["vae_2d"]))
saved = plots.save_figure(fig, "07b_cozulen_duzlem_vae")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# AE'nin düzleminde bütün hücreler aynı bulanık üst giysi lekesidir: önselin ızgarası AE kodlarının bulunduğu geniş
# alanın yalnız küçük bir köşesine düşer (yukarıdaki ortak eksenli şekil) ve çözücü orada hiçbir eğitim koduna
# rastlamamıştır. AE'den önselle üretmek bu yüzden çeşitlilik vermez. VAE'nin düzleminde ise her hücre tanınabilir
# bir giysidir ve komşu hücreler birbirine yumuşakça geçer (pantolon, üst giysiler, ayakkabılar): önselin kapladığı
# bölge, kodların bulunduğu bölgedir. Anlatımın "AE'nin boşlukları" iddiası burada görünür hâle gelir.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Önselden örnekler: aynı $z$, iki çözücü
#
# Üretmek, $z \sim \mathcal{N}(0, I)$ çekip çözmektir. Aynı tohumla çekilen aynı $z$'ler AE'nin ve iki boyutlu
# VAE'nin çözücüsüne verilir.

# %%
ae_samples, vae_samples = (generation.sample_prior(models_2d[name].decoder, n=10, latent_dim=models_2d[name].latent_dim,
                                                   seed=cfg.seed) for name in ("ae_2d", "vae_2d"))
fig = plots.image_rows([ae_samples, vae_samples], ["AE", "VAE"], suptitle=plots.text("prior_two_decoders"))
saved = plots.save_figure(fig, "07b_onselden_ornekler")

# %% [markdown] slideshow={"slide_type": "fragment"}
# AE'nin örnekleri birbirinin neredeyse aynısı olan bulanık lekelerdir; VAE'ninkiler çeşitli ve çoğu tanınabilir
# giysilerdir (ayakkabı, pantolon, tişört). Göz yanılabilir: bir sonraki slayt aynı karşılaştırmayı on binlerce
# örnekle sayıya döker.

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
print(f"model başına {lesson.GENERATED_SAMPLES:,} önsel örneği (tohum {cfg.seed}), "
      f"{len(splits.x_test):,} gerçek test görüntüsüyle karşılaştırılır")

# %% [markdown] slideshow={"slide_type": "subslide"}
# İki boyutlu AE ve VAE'nin yanında referans model (on altı boyut) ve ölçüt olarak aynı sayıda **gerçek eğitim
# görüntüsü** (`real`): Fréchet uzaklığı örnek sayısına bağlıdır, gerçek görüntülerde bile sıfır olmaz.

# %%
generators = {"ae_2d": models_2d["ae_2d"], "vae_2d": models_2d["vae_2d"], "reference": ref_vae}
samples = {name: generation.sample_prior(model.decoder, lesson.GENERATED_SAMPLES, model.latent_dim, seed=cfg.seed)
           for name, model in generators.items()}
samples["real"] = splits.x_train[:lesson.GENERATED_SAMPLES]
scores = {name: classifier.generation_scores(judge, images, splits.x_test) for name, images in samples.items()}
generated = pd.DataFrame.from_dict(scores, orient="index").drop(columns="class_histogram")
generated.round(DECIMALS)

# %%
live = generated.loc[["ae_2d", "vae_2d"]]
print("iki boyutlu satırlar lesson.csv ile aynı:", np.allclose(live, table.loc[live.index, live.columns], rtol=1e-3, atol=1e-3))

# %% slideshow={"slide_type": "subslide"}
fig = plots.class_histograms({NAMES[name]: scores[name]["class_histogram"] for name in scores})
saved = plots.save_figure(fig, "07b_uretilen_siniflar")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - AE'nin önsel örnekleri gerçek görüntülerden iki boyutlu VAE'ninkilerden çok daha uzaktır, sınıflandırıcı
#   onlardan çok daha az emindir ve neredeyse hepsini tek bir sınıfa koyar (histogram): anlatımın "AE üretemez"
#   iddiası sayıyla da görünür.
# - İki boyutlu VAE sınıfların çoğunu üretir ama dengesiz: bir sınıf fazla, birkaçı çok az çıkar; iki boyut on
#   sınıfa dar gelir.
# - On altı boyutlu referans model en yakın olanıdır ve on sınıfı da gerçek görüntülerdekine yakın oranlarda
#   üretir, ama Fréchet uzaklığı gerçek görüntülerinkinden hâlâ çok büyüktür: VAE örneklerinin bulanıklığı
#   (defter 06) bu aradaki farkın büyük kısmıdır.

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
beta_table = table.loc[[f"beta={beta}" for beta in lesson.BETA_VALUES]].rename(columns={"kl_weight": "beta"})
beta_table[["beta", *DECIMALS]].round(DECIMALS)


# %% slideshow={"slide_type": "skip"}
def trend(values) -> str:
    """Say in Turkish how a sequence moves: up at every step, down at every step, or neither."""
    steps = np.sign(np.diff(np.asarray(values, dtype=float)))
    if not steps.any():
        return "değişmiyor"
    if (steps >= 0).all():
        return "her adımda artıyor" if (steps > 0).all() else "artıyor ya da sabit kalıyor"
    if (steps <= 0).all():
        return "her adımda azalıyor" if (steps < 0).all() else "azalıyor ya da sabit kalıyor"
    return "tek yönlü değil"


def print_checks(checks: dict) -> None:
    """Print each claim after "evet" (it holds) or "hayır" (it does not)."""
    for claim, holds in checks.items():
        print("evet " if holds else "hayır", claim)


# %% slideshow={"slide_type": "subslide"}
print("β:", " → ".join(f"{beta:g}" for beta in beta_table["beta"]))
for column, decimals in DECIMALS.items():
    values = beta_table[column].round(decimals)  # the trend of what is printed
    print(f"{column:17s}", " → ".join(f"{value:.{decimals}f}" for value in values), f"({trend(values)})")
print("en küçük Fréchet uzaklığı: β =", f"{beta_table.loc[beta_table['frechet_distance'].idxmin(), 'beta']:g}")

# %% slideshow={"slide_type": "subslide"}
fig = plots.rate_distortion(beta_table, kl="test_kl", psnr="psnr", beta="beta")
saved = plots.save_figure(fig, "07b_hiz_bozulma")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - **Hız:** β büyüdükçe test KL'si her adımda küçülür: KL terimi koddaki bilgiyi kısar.
# - **Üretim:** β büyüdükçe önsel örnekleri gerçeğe yaklaşır (Fréchet uzaklığı her adımda küçülür, güven artar);
#   KL'siz modelin örnekleri en kötüsüdür ve bütün sınıfları kapsamaz. Anlatımın bu iddiası bu veride tutar.
# - **Bozulma:** anlatımın resmi "KL ne kadar büyükse yeniden oluşturma o kadar kötü" der. Bu veride tam öyle
#   değil: küçük bir β, KL'siz modelden biraz daha iyi gürültü giderir; ancak β büyüdükçe PSNR ve SSIM düşer,
#   en büyük β'da belirgin biçimde. Küçük β ile KL'siz model arasındaki fark desibelin onda biri kadardır ve
#   tek tohumla, kısa bütçeyle ölçüldü; bu bütçede tohumlar arası yayılım bilinmeden onu bir düzenleyici
#   etkisi diye okumak erken olur.
# - **Temsil:** kNN β ile çok az değişir: sınıf yapısı β'ya pek bağlı değildir. SupCon'un payını defter 08
#   ölçer.
# - **Dengelemek** bu yüzden gerçekten bir seçimdir: raporun β'sı, üretimi ve gürültü gidermeyi birlikte iyi
#   tutan bir orta noktadır.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## KL teriminin gürültü gidermedeki bedeli
#
# Gürültü gidermek için önselden örneklemeye gerek yoktur: orada KL terimi yalnız bir kısıttır. Aynı bütçeyle eğitilen
# düz otokodlayıcı (`ae_16d`), KL'siz VAE ve raporun β'sıyla eğitilen VAE aynı gürültülü test görüntülerinde;
# bağlam için tam bütçeli referans model de aynı ölçümle (`sweep.score_run`). kNN hepsinde aynı eğitim alt kümesine
# uydurulur, bu yüzden defter 05'teki değerden farklıdır.

# %%
reference_row = {**sweep.score_run(config.REFERENCE_RUN_DIR, splits), "kl_weight": ref_cfg.kl_weight,
                 "test_kl": lesson.test_kl(ref_vae, ref_cfg, splits)}
denoising = pd.concat([table.loc[["ae_16d", "beta=0.0", "beta=1.0"]], pd.DataFrame([reference_row], index=["reference"])])
baseline = table.loc["ae_16d"]
print(f"gürültülü girdi: MSE {baseline['baseline_mse']:.4f}, PSNR {baseline['baseline_psnr']:.2f} dB, "
      f"SSIM {baseline['baseline_ssim']:.3f}")
denoising[["kl_weight", "mse", "psnr", "ssim", "knn5_acc", "test_kl"]].round({"mse": 4, **DECIMALS})

# %% slideshow={"slide_type": "subslide"}
ae, vae_16d = denoising.loc["ae_16d"], denoising.loc["beta=1.0"]
print(f"AE − VAE (β = {vae_16d['kl_weight']:g}), aynı bütçe: PSNR {ae['psnr'] - vae_16d['psnr']:+.2f} dB, "
      f"SSIM {ae['ssim'] - vae_16d['ssim']:+.3f}, kNN {ae['knn5_acc'] - vae_16d['knn5_acc']:+.3f}")

# %% slideshow={"slide_type": "subslide"}
picks = data.first_indices_per_class(splits.y_test, 1)[:, 0]
(ae_model, _), (vae_model, vae_cfg) = (runs.load_vae(lesson.LESSON_DIR / name) for name in ("ae_16d", "beta=1.0"))
rows = [noisy[picks], *(evaluation.reconstruct(model, noisy[picks]) for model in (ae_model, vae_model, ref_vae)),
        splits.x_test[picks]]
titles = [plots.text("noisy_input"), plots.text("model_ae"), plots.text("model_beta").format(beta=vae_cfg.kl_weight),
          NAMES["reference"], plots.text("clean_target")]
fig = plots.image_rows(rows, titles, suptitle=plots.text("denoising_models"))
saved = plots.save_figure(fig, "07b_gurultu_giderme")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - Aynı bütçede KL teriminin gürültü gidermedeki bedeli çok küçüktür: düz otokodlayıcı ile raporun β'sıyla
#   eğitilen VAE arasındaki fark, PSNR'da desibelin yüzde birkaçı kadardır, SSIM'de yoktur; sınıf yapısında (kNN)
#   VAE biraz öndedir. Karşılığında VAE önselden üretebilir.
# - KL'siz VAE (β sıfır) üçünün en iyisidir: örnekleme gürültüsü bir bedel değil, bir düzenleyicidir.
# - Tam bütçeli referans model kısaltılmış bütçeli modellerin hepsinden açıkça iyidir: bu karşılaştırmada bütçe,
#   KL teriminin bedelinden çok daha büyüktür.

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
saved = plots.save_figure(fig, "07b_boyut_kl")

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
saved = plots.save_figure(fig, "07b_boyut_gezintisi")

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
# Önce sayıya dökülebilen iddialar, yukarıdaki tablolardan hesaplanarak:

# %%
fd, two_d = generated["frechet_distance"], table.loc[list(models_2d)]
std_gap = (stats[["std_z1", "std_z2"]] - 1).abs().max(axis=1)  # farthest standard deviation from 1
print_checks({
    "AE'nin önsel örnekleri VAE'ninkilerden gerçeğe daha uzak (Fréchet)": fd["ae_2d"] > fd["vae_2d"],
    "VAE'nin z'si N(0, I)'ye AE'ninkinden yakın (standart sapma)": std_gap["vae_2d"] < std_gap["ae_2d"],
    "yalnız KL: iki boyutlu modellerin en düşük kNN'i": two_d["knn5_acc"].idxmin() == "vae_kl_2d",
    "yalnız KL: iki boyutlu modellerin en düşük PSNR'ı": two_d["psnr"].idxmin() == "vae_kl_2d",
    "iki boyutta VAE, AE'den iyi yeniden oluşturuyor (PSNR)": two_d.loc["vae_2d", "psnr"] > two_d.loc["ae_2d", "psnr"],
    "iki boyutta VAE, sınıfları AE'den iyi ayırıyor (kNN)": two_d.loc["vae_2d", "knn5_acc"] > two_d.loc["ae_2d", "knn5_acc"],
})

# %% slideshow={"slide_type": "subslide"}
print_checks({
    "β büyüdükçe test KL'si her adımda azalıyor": (np.diff(beta_table["test_kl"]) < 0).all(),
    "β büyüdükçe PSNR her adımda azalıyor": (np.diff(beta_table["psnr"]) < 0).all(),
    "en küçük Fréchet uzaklığı en büyük β'da": beta_table["frechet_distance"].idxmin() == beta_table.index[-1],
    "en küçük β > 0, KL'siz modelden iyi gürültü gideriyor (PSNR)": beta_table["psnr"].iloc[1] > beta_table["psnr"].iloc[0],
    "en büyük β, en düşük PSNR": beta_table["psnr"].idxmin() == beta_table.index[-1],
    "aynı bütçede AE'nin PSNR'ı KL terimli VAE'ninkinden yüksek": ae["psnr"] > vae_16d["psnr"],
    "aynı bütçede KL'siz VAE, AE'den ve KL terimli VAE'den iyi (PSNR)":
        denoising.loc["beta=0.0", "psnr"] > max(ae["psnr"], vae_16d["psnr"]),
})

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Özet
#
# - **AE önselden üretemez:** doğrulandı (`07b_cozulen_duzlem_ae`, `07b_onselden_ornekler`, üretim tablosu).
# - **VAE ortalama ve varyans verir, $z = \mu + \sigma \odot \varepsilon$:** gösterildi (`07b_yeniden_parametrelendirme`).
# - **Yalnız yeniden oluşturma / yalnız KL / ikisi birlikte:** doğrulandı (`07b_gizil_kendi_olcegi`,
#   `07b_gizil_ortak_eksen`, istatistik tablosu); ek olarak iki boyutta VAE, AE'den daha iyi yeniden oluşturdu.
# - **β dengeler:** üretim ve hız için doğrulandı; yeniden oluşturma için kısmen: küçük bir β, KL'siz modelden
#   iyi, büyük β'lar kötü (`07b_hiz_bozulma`).
# - **Anlatımda olmayan bir bedel:** gürültü gidermede KL teriminin bedeli aynı bütçede çok küçük (`07b_gurultu_giderme`).
# - **Tek boyutlar görünür özellikleri denetler:** kısmen; parlaklık ve konç boyu gibi özellikler tek boyutlarda,
#   tür bilgisi birkaç boyutta (`07b_boyut_kl`, `07b_boyut_gezintisi`).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. İki boyutlu VAE'yi daha büyük bir β ile eğitin (birkaç dakika sürer) ve çözülen düzlemini yukarıdakiyle
#    karşılaştırın. Giysilerin ayrıntıları ve sınıflar arası geçişler nasıl değişiyor?
#    - *İpucu:* `training.train(lesson.lesson_configs()["vae_2d"].replace(kl_weight=4.0), config.RUNS_DIR / "benim_2d", splits=splits)`
#      (önce `from vaelib import training`), sonra `runs.load_vae`, `generation.decode_plane` ve `plots.plane_grid`.
# 2. AE'nin düzlemini kodlarının gerçekten bulunduğu bölgede, önselin ızgarasından daha geniş bir ızgarayla çözün.
#    Boşluklar nerede, ızgaranın kenarlarında ne çıkıyor?
#    - *İpucu:* `wide = np.linspace(codes["ae_2d"].min(), codes["ae_2d"].max(), 15)`, sonra
#      `plots.plane_grid(generation.decode_plane(models_2d["ae_2d"].decoder, wide, wide), wide, wide, "AE")`.
# 3. Gezintiyi başka bir test görüntüsünden başlatın (ör. üçüncü test görüntüsü, bir pantolon). Aynı boyutlar aynı
#    özelliği mi değiştiriyor? En az etkin boyutlarda görüntü değişiyor mu?
#    - *İpucu:* `generation.latent_traversal(ref_vae.decoder, ref_z_mean[2], dims, traversal_values)`, sonra
#      `plots.traversal_grid`; en az etkin boyutlar: `np.argsort(kl)[:3]`.
# 4. Fréchet uzaklığını daha az örnekle hesaplayın. Değer örnek sayısıyla nasıl değişiyor, modellerin sırası
#    korunuyor mu?
#    - *İpucu:* `few = generation.sample_prior(models_2d["vae_2d"].decoder, n=1000, latent_dim=2, seed=cfg.seed)`,
#      sonra `classifier.generation_scores(judge, few, splits.x_test)`.

# %% slideshow={"slide_type": "skip"}
