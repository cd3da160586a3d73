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
# # VAE'yi kendin yaz
#
# **Öğrenme hedefleri.** Örnekleme katmanını, kaybın üç terimini ve `tf.GradientTape` ile bir `train_step`'i
# düz Keras 3 (`keras.ops`) ile yazmak; her parçayı aynı yığında `vaelib` ile karşılaştırmak; gradyanın neden
# yalnız $z = \mu + \sigma \odot \varepsilon$ üzerinden aktığını görmek; skor fonksiyonu (REINFORCE) tahmincisiyle
# yeniden parametrelenmiş tahmincinin varyansını karşılaştırmak; yazdığınız modeli gerçek veriyle eğitmek.
#
# **Süre:** yaklaşık 75 dakika.
#
# **Önkoşullar:** defter 02 (model ve kayıp) ve 02c (ELBO, KL, yeniden parametreleme); Python sınıfları,
# Keras'ta katman ve model kavramı.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
import numpy as np

from vaelib import config, data, losses, model
from vaelib.backend import keras, tf
from vaelib.seeding import seed_everything

ops = keras.ops
cfg = config.get_config("quick", compute_dtype="float32")  # float32: comparable digit for digit
seed_everything(cfg.seed)
splits = data.load_splits(cfg)
clean, labels = splits.x_train[:cfg.batch_size], splits.y_train[:cfg.batch_size]
noisy = data.add_noise(clean, cfg.noise_factor, seed=cfg.seed)  # one fixed batch for every comparison

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Plan
#
# - Kodlayıcı ve çözücü ağları `vaelib`'den alıyoruz (`model.build_encoder`, `model.build_decoder`). Elle
#   yazdığımız: **örnekleme**, **üç kayıp terimi** ve **eğitim adımı**. Karşılaştırma yalnız bunları sınar.
# - Her parçadan sonra aynı yığında `vaelib`'le karşılaştırıp bir GEÇTİ/KALDI satırı yazdırıyoruz.
# - Neden bir tolerans? Aynı formülü başka sırayla toplayan iki float32 hesap, son basamaklarda ayrılabilir
#   (float32'nin göreli duyarlılığını hücre yazdırır). Farkların kendisi işlemciye bağlıdır; onları
#   defterin sonunda ayrı bir hücre yazdırır.

# %%
max_diffs = {}  # the measured differences, printed at the end


def check(name, ours, theirs, tol):
    """Print whether every pair of arrays agrees within tol (max absolute difference); keep the difference."""
    diff = max(float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))
               for a, b in zip(ours, theirs))
    max_diffs[name] = diff
    print(f"{name:26s} {'GEÇTİ' if diff <= tol else 'KALDI'} (tolerans {tol:g})")


print(f"float32 makine epsilonu (göreli duyarlılık): {np.finfo(np.float32).eps:.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Örnekleme katmanı
#
# $z = \mu + \sigma \odot \varepsilon$, $\sigma = \exp(\tfrac12 \log\sigma^2)$, $\varepsilon \sim \mathcal{N}(0, I)$.
# Gürültüyü katmanın kendi tohumlu üretecinden (`keras.random.SeedGenerator`) çekiyoruz: aynı durumdaki iki
# üreteç aynı $\varepsilon$'u verir.

# %%
class Sampling(keras.layers.Layer):
    """z = z_mean + exp(z_log_var / 2) * eps, eps ~ N(0, I) from the layer's own seeded generator."""

    def __init__(self, seed, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, z_mean, z_log_var):
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Üç kayıp terimi
#
# Görüntü başına: piksellerin BCE toplamı ve gizil boyutların KL toplamı (defter 02c'de türetildi).
# $\log 0$'dan kaçınmak için çıktıyı $[10^{-7}, 1 - 10^{-7}]$ aralığına kırpıyoruz.

# %%
def reconstruction_loss(clean, reconstruction):
    """Bernoulli negative log-likelihood (BCE) summed over the pixels: shape (batch,)."""
    p = ops.clip(reconstruction, 1e-7, 1.0 - 1e-7)
    return -ops.sum(clean * ops.log(p) + (1.0 - clean) * ops.log(1.0 - p), axis=(1, 2, 3))


def kl_loss(z_mean, z_log_var):
    """KL(N(z_mean, exp(z_log_var)) || N(0, I)) summed over the latent dimensions: shape (batch,)."""
    return 0.5 * ops.sum(ops.square(z_mean) + ops.exp(z_log_var) - 1.0 - z_log_var, axis=1)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Denetimli karşıtlık (SupCon) terimi
#
# $\mu$ vektörleri birim küreye izdüşürülür; $i$ çapası için, kendisi dışındaki örnekler üzerinde bir softmax
# kurulur ve aynı sınıftan örneklerin ($P(i)$) log-olasılıklarının ortalaması alınır (Khosla ve ark., 2020):
# $$\mathcal{L}_{\text{SupCon}} = \frac{1}{|A|}\sum_{i \in A} \frac{-1}{|P(i)|}\sum_{p \in P(i)}
# \log \frac{\exp(u_i \cdot u_p / T)}{\sum_{a \ne i} \exp(u_i \cdot u_a / T)},$$
# $A$: en az bir pozitifi olan çapalar, $u = \mu / \lVert\mu\rVert$, $T$ sıcaklık.

# %%
def supcon_loss(features, labels, temperature):
    """Supervised contrastive loss of a batch (a scalar), written with a log-softmax."""
    u = features / ops.maximum(ops.norm(features, axis=1, keepdims=True), 1e-7)
    is_self = ops.eye(ops.shape(u)[0]) > 0
    logits = ops.where(is_self, -1e9, ops.matmul(u, ops.transpose(u)) / temperature)  # a != i
    positive = ops.cast(ops.logical_and(ops.equal(labels[:, None], labels[None, :]), ~is_self), "float32")
    count = ops.sum(positive, axis=1)
    per_anchor = -ops.sum(positive * ops.log_softmax(logits, axis=1), axis=1) / ops.maximum(count, 1.0)
    has_positive = ops.cast(count > 0, "float32")
    return ops.sum(has_positive * per_anchor) / ops.maximum(ops.sum(has_positive), 1.0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Model: kayıp parçaları ve eğitim adımı
#
# Önce iki yöntemi düz fonksiyon olarak yazıyoruz (`self`, modelin kendisidir); sonraki hücre onları bir
# `keras.Model` alt sınıfına koyar. Toplam kayıp: $\text{BCE} + \beta\,\text{KL} + \gamma\,\text{SupCon}$,
# üçü de yığın üzerinden ortalanmış.

# %%
def loss_parts(self, noisy, clean, labels, training=False):
    z_mean, z_log_var = self.encoder(noisy, training=training)
    reconstruction = self.decoder(self.sampling(z_mean, z_log_var), training=training)
    parts = {"recon_loss": ops.mean(reconstruction_loss(clean, reconstruction)),
             "kl_loss": ops.mean(kl_loss(z_mean, z_log_var)),
             "supcon_loss": supcon_loss(z_mean, labels, self.temperature)}
    parts["loss"] = parts["recon_loss"] + self.beta * parts["kl_loss"] + self.gamma * parts["supcon_loss"]
    return parts

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Eğitim adımı
#
# `tf.GradientTape` bant içindeki her işlemi kaydeder; `tape.gradient` kaydı geriye doğru yürür.
# Sonra iyileştirici (optimizer) her ağırlığı kendi gradyanıyla günceller.

# %%
def train_step(self, batch):
    noisy, clean, labels = batch
    with tf.GradientTape() as tape:
        parts = self.loss_parts(noisy, clean, labels, training=True)
    gradients = tape.gradient(parts["loss"], self.trainable_weights)
    self.optimizer.apply_gradients(zip(gradients, self.trainable_weights))
    return parts

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Parçaları bir sınıfta birleştirmek
#
# Sınıf gövdesinde bir fonksiyonu bir ada atamak onu yöntem yapar: `loss_parts` ve `train_step` artık `HandVAE`'nin.

# %%
class HandVAE(keras.Model):
    """The hand-written VAE: vaelib's encoder and decoder networks, our sampling, losses and train step."""

    def __init__(self, encoder, decoder, seed, temperature, beta=1.0, gamma=1.0):
        super().__init__()
        self.encoder, self.decoder, self.sampling = encoder, decoder, Sampling(seed)
        self.temperature, self.beta, self.gamma = temperature, beta, gamma

    loss_parts = loss_parts  # the two functions above become methods
    train_step = train_step

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Aynı ağırlıklar, aynı $\varepsilon$
#
# `vaelib`'in modelini kurup ağırlıklarını bizimkine kopyalıyoruz; $\beta$ ve $\gamma$ ikisinde de aynı.
# `vaelib`'in `loss_parts`'ı `training=False` iken de örnekler; bu yüzden $\varepsilon$'u paylaştırıyoruz:
# bizim üretecimize `vaelib`'inkinin o anki durumunu yazıyoruz.

# %%
BETA = 0.5  # any value: both models must use the same one
ref = model.build_vae(cfg)  # vaelib's VAE
ref.beta.assign(BETA)
ref.gamma_sc.assign(cfg.gamma_sc)
mine = HandVAE(model.build_encoder(cfg.latent_dim, compute_dtype="float32"),
               model.build_decoder(cfg.latent_dim, compute_dtype="float32"),
               seed=cfg.seed, temperature=cfg.supcon_temperature, beta=BETA, gamma=cfg.gamma_sc)
mine.encoder.set_weights(ref.encoder.get_weights())
mine.decoder.set_weights(ref.decoder.get_weights())

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Örnekleme ve BCE
#
# Sabit yığının $\mu$, $\log\sigma^2$ değerleri ve çözülmüş $\mu$ üzerinde:

# %%
def share_noise():
    """Copy vaelib's sampling-generator state into ours: the next draws of both give the same eps."""
    mine.sampling.seed_generator.state.assign(ref.sampling.seed_generator.state.value)


z_mean, z_log_var = ref.encoder(noisy)
share_noise()
check("örnekleme (z)", [mine.sampling(z_mean, z_log_var)], [ref.sampling(z_mean, z_log_var)], 1e-6)
reconstruction = ref.decoder(z_mean)
check("BCE (görüntü başına, nat)", [reconstruction_loss(clean, reconstruction)],
      [losses.bernoulli_reconstruction(clean, reconstruction)], 1e-3)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## KL, SupCon ve bütün kayıp parçaları
#
# Son satır `VAE.loss_parts`'ın dört terimini (toplam, BCE, KL, SupCon) birlikte karşılaştırır.

# %%
check("KL (görüntü başına, nat)", [kl_loss(z_mean, z_log_var)], [losses.kl_to_standard_normal(z_mean, z_log_var)], 1e-4)
check("SupCon (yığın)", [supcon_loss(z_mean, labels, cfg.supcon_temperature)],
      [losses.supervised_contrastive(z_mean, labels, cfg.supcon_temperature)], 1e-4)
share_noise()
ours = mine.loss_parts(noisy, clean, labels, training=False)
theirs = ref.loss_parts(noisy, clean, labels, training=False)
names = ("loss", "recon_loss", "kl_loss", "supcon_loss")
check("loss_parts (4 terim)", [ours[n] for n in names], [theirs[n] for n in names], 1e-3)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gradyanlar
#
# Aynı $\varepsilon$'la, toplam kaybın kodlayıcı ve çözücü ağırlıklarına göre gradyanı. Gradyanları en büyük
# bileşenin mutlak değerine bölüp karşılaştırıyoruz: tolerans, en büyük bileşenin milyonda biridir.

# %%
def gradients(net):
    """Gradient of the total loss on the fixed batch w.r.t. the encoder's and decoder's weights."""
    with tf.GradientTape() as tape:
        loss = net.loss_parts(noisy, clean, labels, training=True)["loss"]
    return tape.gradient(loss, net.encoder.trainable_weights + net.decoder.trainable_weights)


share_noise()
ref_grads = gradients(ref)  # draws eps first; ours then draws the same eps from the copied state
largest = max(float(ops.max(ops.abs(g))) for g in ref_grads)  # compare gradients in units of the largest
check("gradyanlar / en büyüğü", [g / largest for g in gradients(mine)], [g / largest for g in ref_grads], 1e-6)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bir eğitim adımı
#
# İki model aynı ağırlıklardan, aynı Adam ayarlarıyla, aynı yığında ve aynı $\varepsilon$'la birer adım atar;
# her değişkenin ne kadar oynadığını karşılaştırıyoruz. Adam'ın ilk adımı her ağırlığı yaklaşık öğrenme oranı
# kadar oynatır ($\hat m / \sqrt{\hat v} = g / |g|$; Kingma & Ba, 2015); tolerans öğrenme oranına göre
# verilir. Son satır oynamaların ortancasını öğrenme oranı biriminde yazdırır.

# %%
LEARNING_RATE = 1e-3
for net in (ref, mine):
    net.compile(optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE))
pairs = list(zip(mine.encoder.weights + mine.decoder.weights, ref.encoder.weights + ref.decoder.weights))
before = [(ours.numpy(), theirs.numpy()) for ours, theirs in pairs]
share_noise()
ref.train_step((noisy, clean, labels))
mine.train_step((noisy, clean, labels))
check("bir Adam adımı (oynama)", [o.numpy() - b for (o, _), (b, _) in zip(pairs, before)],
      [t.numpy() - b for (_, t), (_, b) in zip(pairs, before)], 1e-2 * LEARNING_RATE)
moves = np.concatenate([np.abs(t.numpy() - b).ravel() for (_, t), (_, b) in zip(pairs, before)])
print(f"oynamaların ortancası / öğrenme oranı: {np.median(moves) / LEARNING_RATE:.2f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gradyan nereden akar?
#
# Aynı kodlayıcıdan iki yolla $z$ üretiyoruz ve çözücünün BCE'sinin kodlayıcının ağırlıklarına göre gradyanını
# istiyoruz:
#
# - **saf yol:** $z$'yi NumPy ile $\mathcal{N}(\mu, \sigma^2)$'den çekmek: bant bu işlemi görmez;
# - **yeniden parametreleme:** $z = \mu + \sigma \odot \varepsilon$, $\varepsilon$ ayrıca çekilmiş sabit bir gürültü.

# %%
rng = np.random.default_rng(cfg.seed)
with tf.GradientTape(persistent=True) as tape:
    z_mean, z_log_var = mine.encoder(noisy)
    sigma = ops.exp(0.5 * z_log_var)
    z_naive = rng.normal(ops.convert_to_numpy(z_mean), ops.convert_to_numpy(sigma)).astype("float32")
    z_reparam = z_mean + sigma * rng.standard_normal(z_mean.shape).astype("float32")
    naive, reparam = (ops.mean(reconstruction_loss(clean, mine.decoder(z))) for z in (z_naive, z_reparam))

# %% slideshow={"slide_type": "fragment"}
for name, loss in (("NumPy ile çekilen z", naive), ("z = μ + σ·ε", reparam)):
    grads = tape.gradient(loss, mine.encoder.trainable_weights)
    print(f"{name:20s}: kodlayıcının {len(grads)} ağırlık tensöründen {sum(g is None for g in grads)} "
          "tanesinin gradyanı None")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Peki `tf.random.normal(shape, mean=μ, stddev=σ)`?
#
# TensorFlow bu işlemi içeride $\mu + \sigma \cdot \varepsilon$ olarak hesaplar: standart normal gürültüyü
# çekip çarpar ve toplar. O yüzden gradyanı vardır ve aynı tohumla yazdığımız yeniden parametrelemenin
# gradyanına eşittir. $f(z) = (z - 2)^2$ için tam türevler $\partial_\mu \mathbb{E}f = 2(\mu - 2)$,
# $\partial_\sigma \mathbb{E}f = 2\sigma$:

# %%
mu, sigma = tf.Variable(0.5), tf.Variable(1.0)
with tf.GradientTape(persistent=True) as tape:
    tf.random.set_seed(cfg.seed)
    z_tf = tf.random.normal((10_000,), mean=mu, stddev=sigma, seed=1)
    tf.random.set_seed(cfg.seed)  # the same seeds again: eps is the same noise
    z_reparam = mu + sigma * tf.random.normal((10_000,), seed=1)
    f_tf, f_reparam = (tf.reduce_mean((z - 2.0) ** 2) for z in (z_tf, z_reparam))

# %% slideshow={"slide_type": "fragment"}
print("iki yolun z'leri bit bit aynı:", bool(tf.reduce_all(z_tf == z_reparam)))
for name, value in (("tf.random.normal", f_tf), ("μ + σ·ε", f_reparam)):
    print(f"{name:16s} ∂/∂μ = {float(tape.gradient(value, mu)):.3f}, ∂/∂σ = {float(tape.gradient(value, sigma)):.3f}")
print(f"tam değer        ∂/∂μ = {2 * (0.5 - 2.0):.3f}, ∂/∂σ = {2 * 1.0:.3f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Yeniden parametrelemesiz bir yol: skor fonksiyonu
#
# $\nabla_\mu \mathbb{E}_{z \sim \mathcal{N}(\mu, \sigma^2)}[f(z)]$ iki farklı beklenen değer olarak yazılabilir:
# $$\underbrace{\mathbb{E}\big[f(z)\,\nabla_\mu \log q(z)\big] = \mathbb{E}\Big[f(z)\,\frac{z-\mu}{\sigma^2}\Big]}_{\text{skor fonksiyonu (REINFORCE)}}
# \qquad
# \underbrace{\mathbb{E}_\varepsilon\big[f'(\mu + \sigma\varepsilon)\big]}_{\text{yeniden parametreleme}}$$
# İkisi de yansızdır; ama tek örnekli tahminlerin varyansı çok farklı olabilir. Skor fonksiyonu (Williams, 1992)
# $f$'nin türevini kullanmaz (türevlenemeyen $f$ ve kesikli $z$ için de çalışır); bedeli varyanstır.

# %%
mu_0, sigma_0, n = 0.5, 1.0, 10_000
eps = np.random.default_rng(cfg.seed).standard_normal(n)
z = mu_0 + sigma_0 * eps
estimates = {"skor fonksiyonu": (z - 2.0) ** 2 * (z - mu_0) / sigma_0**2,  # f(z) d/dmu log q(z)
             "yeniden parametreleme": 2.0 * (z - 2.0)}  # f'(mu + sigma eps)
for name, g in estimates.items():
    print(f"{name:22s} ortalama {g.mean():6.2f} ± {g.std(ddof=1) / np.sqrt(n):.2f}, varyans {g.var(ddof=1):6.2f}")
print(f"tam gradyan 2(μ − 2) = {2 * (mu_0 - 2.0):.2f}; varyans oranı "
      f"{estimates['skor fonksiyonu'].var(ddof=1) / estimates['yeniden parametreleme'].var(ddof=1):.1f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Gerçek veriyle eğitim
#
# Elle yazdığımız modeli `quick` profilinin eğitim görüntüleriyle bir epoch eğitiyoruz. Yığınlar `vaelib`'in
# eğitim hattından gelir (her yığına taze, tohumlu gürültü). $\beta = 1$, $\gamma$ profilinki. Her birkaç adımda
# bir toplam kayıp yazdırılır.

# %% tags=["nbval-ignore-output"]
# nbval-ignore-output: float32 training steps round differently on other CPUs; the next cell checks the outcome.
seed_everything(cfg.seed)
trainee = HandVAE(model.build_encoder(cfg.latent_dim, compute_dtype="float32"),
                  model.build_decoder(cfg.latent_dim, compute_dtype="float32"),
                  seed=cfg.seed, temperature=cfg.supcon_temperature, gamma=cfg.gamma_sc)
trainee.compile(optimizer=keras.optimizers.Adam(learning_rate=cfg.learning_rate))
steps = data.steps_per_epoch(len(splits.x_train), cfg.batch_size)
history = [float(trainee.train_step(batch)["loss"]) for batch in
           data.train_dataset(splits.x_train, splits.y_train, cfg).take(steps)]
print("adım:", ", ".join(f"{i + 1}: {loss:.0f}" for i, loss in enumerate(history) if i % 4 == 0 or i == steps - 1))

# %%
print(f"{len(history)} adım, {len(splits.x_train):,} görüntü")
print("bütün kayıplar sonlu:", bool(np.all(np.isfinite(history))))
print("son 4 adımın ortalaması ilk 4 adımınkinden küçük:", np.mean(history[-4:]) < np.mean(history[:4]))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Ölçülen farklar
#
# Yukarıdaki denetimlerin en büyük mutlak farkları. Sıfır çıkan bir fark, iki hesabın bu işlemcide bit bit aynı
# sonucu verdiğini söyler; sıfırdan büyük olanlar float32'de başka bir işlem ya da toplama sırasının izidir.
# Bu basamaklar işlemciye ve TensorFlow çekirdeklerine bağlıdır: bu yüzden hücrenin çıktısı karşılaştırılmaz.

# %% tags=["nbval-ignore-output"]
# nbval-ignore-output: float32 round-off differences depend on the CPU's kernels; the checks above are stable.
for name, diff in max_diffs.items():
    print(f"{name:26s} en büyük fark {diff:.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. (Kod yazma) `HandVAE`'ye bir `test_step` ekleyin: gradyansız, yalnız `loss_parts`. Doğrulama görüntüleri
#    üzerinde, eğitimden önce ve sonra ortalama kaybı hesaplayın.
#    - *İpucu:* sabit gürültülü doğrulama yığınları `data.eval_dataset(splits.x_val, splits.y_val, cfg, data.VAL_NOISE_OFFSET)`.
# 2. (Kod yazma) $\beta$'yı sabit bir sayı yerine epoch'a bağlı yapın (defter 03'teki ısınma) ve iki epoch eğitin.
#    - *İpucu:* her epoch başında `trainee.beta = training.beta_for_epoch(epoch, cfg.beta_warmup_epochs)` (önce
#      `from vaelib import training`); yığınlar `data.train_dataset(splits.x_train, splits.y_train, cfg)`.
# 3. Skor fonksiyonu tahmincisine bir taban çizgisi ekleyin: $f(z)$ yerine $f(z) - b$, $b$ sabit. Yansız kalıyor mu,
#    hangi $b$ varyansı en çok düşürüyor?
#    - *İpucu:* $\mathbb{E}[(z-\mu)/\sigma^2] = 0$ olduğu için her sabit $b$ yansız kalır; `b = np.mean((z - 2.0) ** 2)` deneyin.

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# `test_step` gradyansız bir `loss_parts` çağrısıdır. Doğrulama kaybını sabit gürültülü yığınlar üzerinde,
# yığınları boyuna göre tartarak ortalıyoruz; "eğitimden önce" için aynı tohumla kurulan eğitilmemiş bir eş
# kullanıyoruz (`trainee` da eğitime bu ağırlıklarla başladı).

# %% slideshow={"slide_type": "skip"} tags=["solution"]
def test_step(self, batch):
    noisy, clean, labels = batch
    return self.loss_parts(noisy, clean, labels, training=False)


HandVAE.test_step = test_step  # every HandVAE, trainee included, now has it


def mean_val_loss(net):
    """Mean total loss over the validation images (fixed noise), each batch weighted by its size."""
    batches = data.eval_dataset(splits.x_val, splits.y_val, cfg, data.VAL_NOISE_OFFSET)
    losses_and_sizes = [(float(net.test_step(batch)["loss"]), len(batch[0])) for batch in batches]
    return sum(loss * size for loss, size in losses_and_sizes) / sum(size for _, size in losses_and_sizes)


seed_everything(cfg.seed)  # as before trainee was built: the same initial weights
untrained = HandVAE(model.build_encoder(cfg.latent_dim, compute_dtype="float32"),
                    model.build_decoder(cfg.latent_dim, compute_dtype="float32"),
                    seed=cfg.seed, temperature=cfg.supcon_temperature, gamma=cfg.gamma_sc)
val_before = mean_val_loss(untrained)
print(f"doğrulama kaybı, eğitimden önce: {val_before:.1f} ({len(splits.x_val):,} görüntü)")

# %% slideshow={"slide_type": "skip"} tags=["solution", "nbval-ignore-output"]
# nbval-ignore-output: the trained weights, and so this loss, round differently on other CPUs; the next cell checks it.
val_after = mean_val_loss(trainee)
print(f"doğrulama kaybı, bir epoch sonra: {val_after:.1f}")

# %% slideshow={"slide_type": "skip"} tags=["solution"]
print("eğitim doğrulama kaybını düşürdü:", val_after < val_before)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Bir epoch'luk eğitim, modelin hiç görmediği doğrulama görüntülerinde de kaybı düşürür: model yalnız
# eğitim yığınlarını ezberlemiyor. `test_step` kayıp parçalarının hepsini döndürdüğü için aynı döngüyle BCE, KL
# ve SupCon ayrı ayrı da izlenebilir.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Her epoch'un ilk yığınından önce `beta`'yı `training.beta_for_epoch` ile güncelliyoruz. `train_step` her
# çağrıda `self.beta`'yı okuduğu için bu kadarı yeter. Süre kısa kalsın diye taze bir modeli eğitim
# görüntülerinin bir kısmıyla iki epoch eğitiyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution", "nbval-ignore-output"]
# nbval-ignore-output: float32 training losses round differently on other CPUs; the next cell checks the run.
from vaelib import training

seed_everything(cfg.seed)
warm = HandVAE(model.build_encoder(cfg.latent_dim, compute_dtype="float32"),
               model.build_decoder(cfg.latent_dim, compute_dtype="float32"),
               seed=cfg.seed, temperature=cfg.supcon_temperature, gamma=cfg.gamma_sc)
warm.compile(optimizer=keras.optimizers.Adam(learning_rate=cfg.learning_rate))
two_epochs, n_images = cfg.replace(epochs=2), 8 * cfg.batch_size
warm_steps = data.steps_per_epoch(n_images, cfg.batch_size)
warm_log = []  # (epoch, beta, total loss, KL) per step
for step, batch in enumerate(data.train_dataset(splits.x_train[:n_images], splits.y_train[:n_images], two_epochs)):
    epoch = step // warm_steps + 1
    if step % warm_steps == 0:  # the start of an epoch
        warm.beta = training.beta_for_epoch(epoch, two_epochs.beta_warmup_epochs)
    parts = warm.train_step(batch)
    warm_log.append((epoch, warm.beta, float(parts["loss"]), float(parts["kl_loss"])))
for epoch in (1, 2):
    rows = [row for row in warm_log if row[0] == epoch]
    print(f"epoch {epoch}: β = {rows[0][1]:g}, ortalama kayıp {np.mean([r[2] for r in rows]):.1f}, "
          f"ortalama KL {np.mean([r[3] for r in rows]):.2f}")

# %% slideshow={"slide_type": "skip"} tags=["solution"]
print(f"{len(warm_log)} adım; epoch başına β:", sorted({(epoch, beta) for epoch, beta, _, _ in warm_log}))
print("bütün kayıplar sonlu:", bool(np.all(np.isfinite([row[2] for row in warm_log]))))

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** β ilk epoch'ta küçük, ikincide iki katıdır: defter 03'teki ısınmanın ilk iki basamağı. Isınma
# `beta_warmup_epochs` epoch sürdüğü için iki epoch'ta β 1'e varmaz; tam ısınmayı görmek için o kadar epoch eğitmek
# gerekir. KL'nin küçük β'yla kısılmadan büyüyebilmesi, ısınmanın amacıdır (defter 02c, sonsal çöküş).

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# $s(z) = \nabla_\mu \log q(z) = (z-\mu)/\sigma^2$ ve $g = \nabla_\mu \mathbb{E}[f]$ olsun. **Yansızlık:**
# $\mathbb{E}[(f - b)\,s] = \mathbb{E}[f s] - b\,\mathbb{E}[s] = g$, çünkü $\mathbb{E}[s] = 0$. **Varyans:**
# $\mathrm{Var}[(f-b)s] = \mathbb{E}[(f-b)^2 s^2] - g^2$; $b$'ye göre türevi sıfırlayınca
# $$b^* = \frac{\mathbb{E}[f\,s^2]}{\mathbb{E}[s^2]}.$$
# Bu $\mathbb{E}[f]$ değildir: $s^2$ ile tartılmış ortalamadır. Bizim örnekte $\sigma = 1$, $s = \varepsilon$ ve
# $c = 2 - \mu$ ile $f = (\varepsilon - c)^2$; $\mathbb{E}[\varepsilon^4] = 3$, $\mathbb{E}[\varepsilon^6] = 15$ ile
# $$\mathbb{E}[f] = 1 + c^2,\qquad b^* = 3 + c^2,\qquad \mathrm{Var}_{b^*} = 6 + 8c^2
# \;>\; 4 = \mathrm{Var}[2(z-2)] \text{ (yeniden parametreleme)}.$$

# %% slideshow={"slide_type": "skip"} tags=["solution"]
f, score = (z - 2.0) ** 2, (z - mu_0) / sigma_0**2  # the samples of the score-function cell above
c = 2.0 - mu_0
baselines = {"b = 0": 0.0, "b = E[f] ≈ ortalama": f.mean(),
             "b* = E[f s²] / E[s²]": np.mean(f * score**2) / np.mean(score**2)}
for name, b in baselines.items():
    g = (f - b) * score
    print(f"{name:22s} b = {b:5.2f}: ortalama {g.mean():6.2f} ± {g.std(ddof=1) / np.sqrt(n):.2f}, "
          f"varyans {g.var(ddof=1):6.2f}")
print(f"kuram: E[f] = {1 + c**2:g}, b* = {3 + c**2:g}, Var(b*) = {6 + 8 * c**2:g}; "
      f"yeniden parametreleme {4 * sigma_0**2:g}")
grid = np.linspace(0.0, 10.0, 1001)
best = grid[np.argmin([np.var((f - b) * score) for b in grid])]
print(f"ızgarada varyansı en küçük b: {best:.2f}")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Üç taban çizgisinde de ortalama tam gradyanın standart hatası içindedir: tahminci yansız kalır
# (burada $b$ aynı örneklerden kestirildiği için yansızlık yalnız yaklaşıktır; ayrı örneklerden kestirilen bir
# $b$ tam yansızdır). Varyans $b = \mathbb{E}[f]$ ile belirgin düşer, $b^*$ ile biraz daha; ızgaradaki en iyi $b$,
# kuramın $b^*$'ına yakındır. Yine de en iyi taban çizgisi bile yeniden parametrelemenin varyansına inmez:
# türevi kullanan tahminci bu örnekte açıkça daha iyidir.
