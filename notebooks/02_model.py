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
# # Model: Evrişimli Varyasyonel Otokodlayıcı (VAE)
#
# - **Kodlayıcı** gürültülü görüntüyü bir noktaya değil, bir **dağılıma** eşler:
#   $q(z \mid \tilde{x}) = \mathcal{N}(\mu, \operatorname{diag}\sigma^2)$, 16 boyutlu gizil uzayda.
# - **Örnekleme** (yeniden parametrelendirme hilesi): $z = \mu + \sigma \odot \varepsilon$,
#   $\varepsilon \sim \mathcal{N}(0, I)$. Rastgelelik $\varepsilon$'a taşındığı için gradyan
#   $\mu$ ve $\sigma$'ya akar.
# - **Çözücü** $z$'den temiz görüntünün piksel başına Bernoulli ortalamasını üretir.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Kodlayıcının bir nokta değil bir dağılım verdiğini ve yeniden parametrelendirmenin
# gradyanı nasıl akıttığını açıklamak; mimariyi, parametre ve FLOP sayısını katman tablolarından okumak; üç parçalı
# kaybı (BCE, β·KL, SupCon) yazmak ve eğitilmemiş modelin kaybını yorumlamak; mimari seçimlerini tartışmak.
#
# **Süre:** yaklaşık 35 dakika. **Önkoşullar:** defter 01; evrişimli sinir ağları, normal dağılım, gradyanla eğitim.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import numpy as np

from vaelib import config, data, model, runs, training
from vaelib.course import architecture, bench, project
from vaelib.seeding import seed_everything

cfg = config.get_config()
seed_everything(cfg.seed)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Neden düz bir otokodlayıcı değil?
#
# - Düz otokodlayıcı her görüntüyü tek bir koda eşler; kodların arasındaki boşluklar anlamsız
#   olabilir, oradan çözülen görüntüler bozuktur (defter 07b).
# - VAE'de KL terimi her görüntünün dağılımını $\mathcal{N}(0, I)$'ye yakın tutar: gizil uzay
#   sürekli ve dolu olur. Böylece aynı model **gürültü giderir**, **anlamlı bir temsil** öğrenir
#   ve önsel dağılımdan örnekleyerek **yeni görüntü üretir**.
# - Çıktılar bulanıktır, ama bunun nedeni KL terimi değildir: KL terimi olmayan düz otokodlayıcının
#   çıktıları da aynı ölçüde bulanıktır (defter 07b). Piksel başına bir kayıpla eğitilen gürültü giderici,
#   gürültülü girdiye uyan temiz görüntülerin **ortalamasını** verir; ortalama bulanıktır (defter 04).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Mimari
#
# Pahalı işi düşük çözünürlükte yapıyoruz: adımlı (stride 2) evrişimler 7×7'ye iner, çözücü
# devrik evrişim yerine **piksel karıştırma** (`depth_to_space`) ile büyütür. 7×7'deki geniş
# evrişimler işlemcide büyük matris çarpımlarıdır ve verimli çalışır.

# %%
vae = model.build_vae(cfg)
architecture.layer_table(vae.encoder)

# %% slideshow={"slide_type": "subslide"}
architecture.layer_table(vae.decoder)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Boyut ve hesap maliyeti
#
# İleri + geri geçiş ≈ 3 × ileri geçiş (geri geçiş hem girdilerin hem ağırlıkların
# gradyanını hesaplar; Kaplan ve ark., 2020).

# %%
flops = architecture.forward_flops(vae.encoder) + architecture.forward_flops(vae.decoder)
print(f"parametre: kodlayıcı {vae.encoder.count_params():,}, çözücü {vae.decoder.count_params():,}, "
      f"toplam {vae.encoder.count_params() + vae.decoder.count_params():,}")
print(f"görüntü başına ileri geçiş {flops / 1e6:.1f} MFLOP, ileri + geri {3 * flops / 1e6:.1f} MFLOP")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Kayıp fonksiyonu: üç parça
#
# $$\mathcal{L} = \underbrace{-\sum_{\text{784 piksel}} \big[x \log \hat{x} + (1-x)\log(1-\hat{x})\big]}_{\text{yeniden oluşturma (Bernoulli / BCE)}}
#  + \beta\,\underbrace{\sum_{j=1}^{16} \tfrac12\big(\mu_j^2 + \sigma_j^2 - 1 - \log\sigma_j^2\big)}_{\text{KL}(q \,\|\, \mathcal{N}(0,I))}
#  + \gamma\,\mathcal{L}_{\text{SupCon}}(\mu, y)$$
#
# - Yeniden oluşturma ve KL görüntü başına toplanır, yığın üzerinden ortalanır (raporla aynı).
# - Eğitimde $\beta$ küçük başlar ve ilk epoch'larda 1'e çıkar (β ısınması), $\gamma$ sabittir: değerleri
#   aşağıdaki hücre yazdırır.
# - SupCon: L2-normalize edilmiş $\mu$ vektörlerinde aynı sınıftan örnekleri yaklaştırır,
#   farklı sınıfları uzaklaştırır (sıcaklık `cfg.supcon_temperature`).

# %%
betas = [training.beta_for_epoch(epoch, cfg.beta_warmup_epochs) for epoch in range(1, cfg.beta_warmup_epochs + 2)]
print("β, epoch 1'den başlayarak:", ", ".join(f"{beta:g}" for beta in betas), f"| γ = {cfg.gamma_sc:g}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Eğitilmemiş modelin kaybı
#
# İlk 256 doğrulama görüntüsü üzerinde; modelin β ve γ değişkenleri başlangıçta 1'dir (son satır):

# %%
splits = data.load_splits(cfg)
noisy = data.add_noise(splits.x_val[:256], cfg.noise_factor, seed=cfg.seed)
parts = vae.loss_parts(noisy, splits.x_val[:256], splits.y_val[:256], training=False)
for name in ("recon_loss", "kl_loss", "supcon_loss", "loss"):
    print(f"{name:12s} {float(parts[name]):8.1f}")
print(f"β = {float(parts['beta']):g}, γ = {float(parts['gamma_sc']):g}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu sayılar ne söylüyor?
#
# Her piksel için 0,5 veren bir çözücünün BCE'si tam 784 · ln 2'dir; yeniden oluşturma kaybı buna çok yakın:
# başlangıçta çözücü her piksel için yaklaşık 0,5 veriyor (alıştırma 3 bunu doğrudan denetler). KL neredeyse
# sıfırdır, çünkü kodlayıcının çıktıları ($\mu$ ve $\log\sigma^2$) henüz sıfıra yakındır:

# %%
z_mean, z_log_var = (np.asarray(output) for output in vae.encode(noisy))
bce_half = 784 * np.log(2)  # the BCE of a decoder that outputs 0.5 for every pixel
print(f"784 · ln 2 = {bce_half:.1f} nat; recon_loss bundan {float(parts['recon_loss']) - bce_half:.1f} nat büyük")
print(f"KL = {float(parts['kl_loss']):.2f} nat; en büyük |μ| {np.abs(z_mean).max():.2f}, "
      f"en büyük |log σ²| {np.abs(z_log_var).max():.2f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Neler denendi, neden bu mimari?
#
# Hepsinde aynı amaç fonksiyonu (BCE + β·KL + SupCon), 256'lık yığınlar, bu 2 çekirdekli işlemci. Hızlar
# o zaman elle ölçüldü ve bugün hiçbir komut bu denemeleri yeniden üretmiyor: burada yalnızca vardıkları
# sonuç var. Seçilen modelin kendi parametre ve FLOP sayılarını yukarıdaki hücreler yazdırır.
#
# - **keras.io örneği** (Conv 32-64, Dense 16, devrik evrişimler): en az işlem (sonraki slayt), ama kapasite
#   yetmiyor; 20 epoch sonunda PSNR raporun çok altında kaldı.
# - **B**: adımlı evrişimler, piksel karıştırma, iki Dense 256. Hızlı, ama iki büyük Dense katmanı
#   parametrelerin çoğunu tutuyor, ağırlık dosyası seçilen modelinkinin birkaç katı.
# - **C**: space-to-depth girişi, 7×7'de geniş evrişimler. En çok işlem, en yavaşı: bütçeye sığmadı.
# - **G**: 7×7 evrişimlerinden biri 14×14'e, bir evrişim de 28×28'e taşındı. Seçilenle neredeyse aynı
#   hızda, neredeyse aynı doğrulama kaybına ulaştı: ek karmaşıklık bir şey kazandırmadı.
# - **Seçilen**: B'nin Dense 256 katmanları yerine düşük çözünürlükte evrişimler. keras.io örneğinden çok
#   daha fazla işlem yapar ama işlemciyi daha verimli kullanır (saniyede daha çok FLOP); iki modeli aynı
#   süreçte `python -m vaelib bench` ölçer. Sonuçlarını defter 04 raporla karşılaştırır.
# - **Bu sürümde** çözücünün 7×7'deki iki evrişiminden biri çıkarıldı. Aynı tohum ve aynı 20 epoch'la iki
#   denemede ikinci evrişim test PSNR'ına desibelin yüzde birkaçı kadar katkı yapıyordu; işlemdeki payını
#   sonraki slayt hesaplar. Kodlayıcıya 14×14'te bir evrişim eklemek (D) doğrulama kaybını
#   ilk epoch'larda değiştirmedi ama eğitimi yavaşlattı. Eğitimde evrişimler, donanım destekliyorsa
#   bfloat16 ile, desteklemiyorsa float32 ile hesaplanır (defter 03).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## İşlem sayıları: keras.io örneği ve çıkarılan evrişim
#
# keras.io örneğinin ağları `vaelib.course.bench`'te durur. Çıkarılan evrişim bugünkü `conv_7x7`'nin eşiydi
# (7×7'de 128 → 128 kanal): işlemi o katmanın satırından okunur.

# %%
keras_io = bench.keras_io_networks(cfg.latent_dim)
print(f"keras.io örneği: {sum(net.count_params() for net in keras_io):,} parametre, "
      f"{sum(architecture.forward_flops(net) for net in keras_io) / 1e6:.1f} MFLOP; "
      f"seçilen model: {flops / 1e6:.1f} MFLOP")
second = architecture.layer_flops(vae.decoder.get_layer("conv_7x7"))
print(f"ikinci bir 7×7 evrişimi: {second / 1e6:.1f} MFLOP, bugünkü modelin işlemini %{100 * second / flops:.0f} "
      f"artırır; iki evrişimli modelin işleminin %{100 * second / (flops + second):.0f}'i")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Öğrenme oranı ve β ısınması
#
# Eğitim düzeneğinde de bir ders var. Plato programı (`lr_schedule="plateau"`) öğrenme oranını
# doğrulama kaybı durağanlaşınca `lr_factor` ile çarpar, ama **β ısınması bitene kadar** izlemez. Isınma
# sırasında β·KL her epoch büyüdüğü için doğrulama kaybı kendiliğinden artabilir; bunu durağanlık sanan düz
# `ReduceLROnPlateau` oranı ısınma bitmeden düşürür. Referans çalıştırmanın kaydında bu kuralın kaç kez
# devreye gireceğini aşağıdaki hücre sayar (`lr_patience` 1 iken iyileşmeyen her epoch bir düşüştür).
# Küçük iyileşmeleri de durağanlık saymak (G ile denendi) oranı erken düşürdü; doğrulama kaybı seçilen
# düzenektekinden yüksek kaldı. Kosinüs programı (`"cosine"`) doğrulama kaybına hiç bakmaz, bu tuzağa
# düşmez. Hangi programın kullanıldığını defter 03 yazdırır.

# %%
warmup = runs.read_history(project.REFERENCE_RUN_DIR).head(cfg.beta_warmup_epochs)  # the β warm-up epochs
best, no_gain = float("inf"), []
for epoch, val_loss in zip(warmup["epoch"].tolist(), warmup["val_loss"].tolist()):
    if val_loss < best:
        best = val_loss
    else:  # with patience 1, plain ReduceLROnPlateau lowers the rate after every such epoch
        no_gain.append(epoch)
print(f"ısınmada doğrulama kaybının iyileşmediği epoch'lar: {no_gain} (lr_patience = {cfg.lr_patience})")
print(f"düz kuralla ısınma sonundaki oran: {cfg.learning_rate:g} × {cfg.lr_factor:g}^{len(no_gain)} = "
      f"{cfg.learning_rate * cfg.lr_factor ** len(no_gain):.2g}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. Gizil boyutu 8 ve 32 yapıp modeli yeniden kurun. Parametre sayısı ve MFLOP nasıl değişiyor, hangi
#    katmanlar etkileniyor?
#    - *İpucu:* `model.build_vae(cfg.replace(latent_dim=32))`, sonra `architecture.layer_table` ve `architecture.forward_flops`.
# 2. Aynı kodlayıcı ve çözücüyle düz bir otokodlayıcı kurun ve eğitilmemiş hâldeki kayıp parçalarını
#    VAE'ninkilerle karşılaştırın. Hangi terim kayboluyor?
#    - *İpucu:* `model.build_vae(cfg.replace(variational=False, kl_weight=0.0))`; yukarıdaki `loss_parts` çağrısını bu modelle yapın.
# 3. Eğitilmemiş modelin çıktı piksellerinin ortalamasına, en küçük ve en büyük değerine bakın.
#    Başlangıçtaki BCE ≈ 784 · ln 2 açıklamasıyla uyuşuyor mu?
#    - *İpucu:* `evaluation.reconstruct(vae, noisy)` (önce `from vaelib import evaluation`).

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# Modeli üç gizil boyutla kurup toplam parametre ve MFLOP'u, sonra yalnız parametre sayısı boyuta göre değişen
# katmanları yan yana yazdırıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import pandas as pd

dims = (8, cfg.latent_dim, 32)
nets = {dim: model.build_vae(cfg.replace(latent_dim=dim)) for dim in dims}
sizes = {dim: {"parametre": net.encoder.count_params() + net.decoder.count_params(),
               "ileri MFLOP": (architecture.forward_flops(net.encoder) + architecture.forward_flops(net.decoder)) / 1e6}
         for dim, net in nets.items()}
pd.DataFrame.from_dict(sizes, orient="index").rename_axis("gizil boyut").round(2)

# %% slideshow={"slide_type": "skip"} tags=["solution"]
for part in ("encoder", "decoder"):
    params = pd.DataFrame({dim: architecture.layer_table(getattr(net, part))["parameters"]
                           for dim, net in nets.items()})
    print(part, "— boyuta göre değişen katmanlar:\n", params[params.nunique(axis=1) > 1], "\n")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Gizil boyut yalnız gizil uzaya bağlanan üç Dense katmanını değiştirir: kodlayıcının `z_mean` ve
# `z_log_var` başlıklarını, çözücünün `dense_7x7` katmanını. Üçünün parametresi boyutla doğrusal büyür; evrişimler
# hiç değişmez. İşlemin çoğu evrişimlerde olduğu için MFLOP çok az değişir; parametre sayısı ise belirgin biçimde
# değişir, çünkü bu üç katman 6272 boyutlu düzleştirilmiş haritaya bağlıdır.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Aynı ağlarla düz otokodlayıcı kurup (örnekleme yok, KL yok) yukarıdaki aynı yığında kayıp parçalarını
# VAE'ninkilerle yan yana koyuyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
seed_everything(cfg.seed)
ae = model.build_vae(cfg.replace(variational=False, kl_weight=0.0))
ae_parts = ae.loss_parts(noisy, splits.x_val[:256], splits.y_val[:256], training=False)
names = ["recon_loss", "kl_loss", "supcon_loss", "loss"]
print(f"kodlayıcının çıktı sayısı: VAE {len(vae.encoder.outputs)}, otokodlayıcı {len(ae.encoder.outputs)}; "
      f"otokodlayıcının örnekleme katmanı: {ae.sampling}")
pd.DataFrame({"VAE": [float(parts[name]) for name in names],
              "otokodlayıcı": [float(ae_parts[name]) for name in names]}, index=names).round(1)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Kaybolan terim KL'dir: otokodlayıcının kodlayıcısı yalnız `z_mean` verir, örnekleme katmanı yoktur ve
# `kl_loss` sıfır olarak kaydedilir; toplam kayıp yalnız BCE + γ·SupCon'dur. Eğitilmemiş VAE'nin KL'si zaten
# neredeyse sıfır olduğundan iki toplam birbirine çok yakındır: fark ancak eğitimde, KL büyüdükçe açılır.
# BCE'ler de birbirine yakındır; küçük fark, başlangıç ağırlıklarının farklı olmasından ve VAE'nin $z$'yi
# örneklemesinden gelir.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# Eğitilmemiş modelin çıktılarının özetine bakıp, her piksele tam 0,5 veren bir çözücünün BCE'siyle
# (784 · ln 2) ölçülen yeniden oluşturma kaybını karşılaştırıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
from vaelib import evaluation, losses

outputs = evaluation.reconstruct(vae, noisy)
print(f"çıktı pikselleri: ortalama {outputs.mean():.3f}, en küçük {outputs.min():.3f}, en büyük {outputs.max():.3f}")
half = np.full_like(outputs, 0.5)
half_bce = float(np.mean(losses.bernoulli_reconstruction(splits.x_val[:256], half)))
print(f"hep 0.5 veren çözücünün BCE'si {half_bce:.1f} nat (784 · ln 2 = {784 * np.log(2):.1f}); "
      f"eğitilmemiş model {float(parts['recon_loss']):.1f} nat")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Çıktıların hepsi 0,5'in çok dar bir çevresindedir: son katmanın sigmoidi, küçük girdilerde 0,5 verir.
# Her piksele 0,5 veren çözücünün BCE'si hedef ne olursa olsun tam 784 · ln 2'dir, çünkü
# $-[y \ln 0{,}5 + (1-y)\ln 0{,}5] = \ln 2$. Eğitilmemiş modelin kaybı buna çok yakındır: açıklama uyuşuyor.
# Aradaki küçük fark, çıktıların 0,5'ten biraz sapmasından (ve kayıpta $z$'nin örneklenmesinden) gelir.
