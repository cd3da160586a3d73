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

from vaelib import config, data, model
from vaelib.seeding import seed_everything

cfg = config.get_config()
seed_everything(cfg.seed)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Neden düz bir otokodlayıcı değil?
#
# - Düz otokodlayıcı her görüntüyü tek bir koda eşler; kodların arasındaki boşluklar anlamsız
#   olabilir, oradan çözülen görüntüler bozuktur.
# - VAE'de KL terimi her görüntünün dağılımını $\mathcal{N}(0, I)$'ye yakın tutar: gizil uzay
#   sürekli ve dolu olur. Böylece aynı model **gürültü giderir**, **anlamlı bir temsil** öğrenir
#   ve önsel dağılımdan örnekleyerek **yeni görüntü üretir**.
# - Çıktılar bulanıktır, ama bunun nedeni KL terimi değildir: KL terimi olmayan düz otokodlayıcının
#   çıktıları da aynı ölçüde bulanıktır (defter 02b). Piksel başına bir kayıpla eğitilen gürültü giderici,
#   gürültülü girdiye uyan temiz görüntülerin **ortalamasını** verir; ortalama bulanıktır (defter 04).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Mimari
#
# Pahalı işi düşük çözünürlükte yapıyoruz: adımlı (stride 2) evrişimler 7×7'ye iner, çözücü
# devrik evrişim yerine **piksel karıştırma** (`depth_to_space`) ile büyütür. 7×7'deki geniş
# evrişimler işlemcide büyük matris çarpımlarıdır ve verimli çalışır.

# %%
vae = model.build_vae(cfg)
model.layer_table(vae.encoder)

# %% slideshow={"slide_type": "subslide"}
model.layer_table(vae.decoder)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Boyut ve hesap maliyeti
#
# İleri + geri geçiş ≈ 3 × ileri geçiş (geri geçiş hem girdilerin hem ağırlıkların
# gradyanını hesaplar).

# %%
flops = model.forward_flops(vae.encoder) + model.forward_flops(vae.decoder)
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
# - $\beta$ ilk 8 epoch'ta 0,125'ten 1'e çıkar; $\gamma = 1$.
# - SupCon: L2-normalize edilmiş $\mu$ vektörlerinde aynı sınıftan örnekleri yaklaştırır,
#   farklı sınıfları uzaklaştırır (sıcaklık `cfg.supcon_temperature`).

# %% [markdown] slideshow={"slide_type": "subslide"}
# Eğitilmemiş model, ilk 256 doğrulama görüntüsü üzerinde (β = γ = 1):

# %%
splits = data.load_splits(cfg)
noisy = data.add_noise(splits.x_val[:256], cfg.noise_factor, seed=cfg.seed)
parts = vae.loss_parts(noisy, splits.x_val[:256], splits.y_val[:256], training=False)
for name in ("recon_loss", "kl_loss", "supcon_loss", "loss"):
    print(f"{name:12s} {float(parts[name]):8.1f}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Başlangıçta çözücü her piksel için ≈ 0,5 verir: BCE ≈ 784 · ln 2 ≈ 543 nat. KL küçüktür,
# çünkü kodlayıcının çıktıları henüz sıfıra yakındır.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Neler denendi, neden bu mimari?
#
# Hepsinde aynı amaç fonksiyonu (BCE + β·KL + SupCon), 256'lık yığınlar, bu 2 çekirdekli işlemci. Hızlar
# o zaman elle ölçüldü ve bugün hiçbir komut bu denemeleri yeniden üretmiyor: burada yalnızca vardıkları
# sonuç var. Seçilen modelin kendi parametre ve FLOP sayılarını yukarıdaki hücreler yazdırır.
#
# - **keras.io örneği** (Conv 32-64, Dense 16, devrik evrişimler): en az işlem, ama kapasite yetmiyor;
#   20 epoch sonunda PSNR raporun çok altında kaldı.
# - **B**: adımlı evrişimler, piksel karıştırma, iki Dense 256. Hızlı, ama iki büyük Dense katmanı
#   parametrelerin çoğunu tutuyor, ağırlık dosyası seçilen modelinkinin birkaç katı.
# - **C**: space-to-depth girişi, 7×7'de geniş evrişimler. En çok işlem, en yavaşı: bütçeye sığmadı.
# - **G**: 7×7 evrişimlerinden biri 14×14'e, bir evrişim de 28×28'e taşındı. Seçilenle neredeyse aynı
#   hızda, neredeyse aynı doğrulama kaybına ulaştı: ek karmaşıklık bir şey kazandırmadı.
# - **Seçilen**: B'nin Dense 256 katmanları yerine düşük çözünürlükte evrişimler. keras.io örneğinden çok
#   daha fazla işlem yapar ama işlemciyi daha verimli kullanır (saniyede daha çok FLOP); iki modeli aynı
#   süreçte `python -m vaelib bench` ölçer. Sonuçlarını defter 04 raporla karşılaştırır.
# - **Bu sürümde** çözücünün 7×7'deki iki evrişiminden biri çıkarıldı. Aynı tohum ve aynı 20 epoch'la iki
#   denemede ikinci evrişim görüntü başına işlemi yaklaşık üçte bir artırıyor, test PSNR'ına ise desibelin
#   yüzde birkaçı kadar katkı yapıyordu. Kodlayıcıya 14×14'te bir evrişim eklemek (D) doğrulama kaybını
#   ilk epoch'larda değiştirmedi ama eğitimi yavaşlattı. Eğitimde evrişimler, donanım destekliyorsa
#   bfloat16 ile, desteklemiyorsa float32 ile hesaplanır (defter 03).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Öğrenme oranı ve β ısınması
#
# Eğitim düzeneğinde de bir ders var. Plato programı (`lr_schedule="plateau"`) öğrenme oranını
# doğrulama kaybı durağanlaşınca yarıya indirir, ama **β ısınması bitene kadar** izlemez. Isınma
# sırasında β·KL her epoch büyüdüğü için doğrulama kaybı kendiliğinden artar; bunu durağanlık sanan düz
# `ReduceLROnPlateau` bir denemede oranı ısınma bitmeden iki kez yarıya indirip eğitimi erken
# yavaşlattı. Kaybın 0,5 nat'tan az düştüğü epoch'ları da durağan saymak (G ile denendi) oranı erken
# düşürdü; doğrulama kaybı seçilen düzenektekinden yüksek kaldı. Kosinüs programı (`"cosine"`)
# doğrulama kaybına hiç bakmaz, bu tuzağa düşmez. Hangi programın kullanıldığını defter 03 yazdırır.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. Gizil boyutu 8 ve 32 yapıp modeli yeniden kurun. Parametre sayısı ve MFLOP nasıl değişiyor, hangi
#    katmanlar etkileniyor?
#    - *İpucu:* `model.build_vae(cfg.replace(latent_dim=32))`, sonra `model.layer_table` ve `model.forward_flops`.
# 2. Aynı kodlayıcı ve çözücüyle düz bir otokodlayıcı kurun ve eğitilmemiş hâldeki kayıp parçalarını
#    VAE'ninkilerle karşılaştırın. Hangi terim kayboluyor?
#    - *İpucu:* `model.build_vae(cfg.replace(variational=False, kl_weight=0.0))`; yukarıdaki `loss_parts` çağrısını bu modelle yapın.
# 3. Eğitilmemiş modelin çıktı piksellerinin ortalamasına, en küçük ve en büyük değerine bakın.
#    Başlangıçtaki BCE ≈ 784 · ln 2 açıklamasıyla uyuşuyor mu?
#    - *İpucu:* `evaluation.reconstruct(vae, noisy)` (önce `from vaelib import evaluation`).

# %% slideshow={"slide_type": "skip"}
