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
# # Kaybı türetmek: ELBO, KL, yeniden parametreleme
#
# **Öğrenme hedefleri.** Bu dersin sonunda şunları yapabileceksiniz:
# ELBO'yu iki yoldan (Jensen eşitsizliği ve tam eşitlik) türetmek; Gauss KL'sinin kapalı biçimini
# adım adım çıkarmak; β ≠ 1'in ne anlama geldiğini hız–bozulma diliyle söylemek; gri piksellerde BCE'nin
# neden sıfıra inemediğini hesaplamak; büyük bir β'nın gizil boyutları nasıl çökerttiğini ve β ısınmasının
# neyi kurtardığını görmek; yeniden parametrelemenin ne işe yaradığını açıklamak.
#
# **Süre:** yaklaşık 60 dakika (anlatım ve hücreleri çalıştırma).
#
# **Önkoşullar:** defter 02 (modelin üç parçalı kaybı); beklenen değer, Gauss yoğunluğu, logaritma
# kuralları; NumPy ile basit hesap.
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
import numpy as np
from scipy import integrate, special, stats

from vaelib import config, data, evaluation, latent, losses, plots, runs
from vaelib.course import collapse, grids, project

cfg = config.get_config("full")
splits = data.load_splits(cfg)  # the clean test images are splits.x_test
ref_vae, ref_cfg = runs.load_vae(runs.require_complete(project.REFERENCE_RUN_DIR))
noisy = data.noisy_test_images(splits.x_test, ref_cfg)  # the fixed noisy test inputs
history = runs.read_history(project.REFERENCE_RUN_DIR)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Neyi büyütmek istiyoruz?
#
# - Model: önsel $p(z) = \mathcal{N}(0, I)$, çözücü $p_\theta(x \mid z)$. Bir görüntünün olabilirliği
#   $$p_\theta(x) = \int p_\theta(x \mid z)\, p(z)\, dz$$
#   bir sinir ağının içinden geçen çok boyutlu bir integraldir: hesaplanamaz.
# - Kodlayıcı $q_\phi(z \mid x)$ bir yardımcı dağılımdır. Her $q$ için (önem örneklemesi):
#   $$p_\theta(x) = \mathbb{E}_{q_\phi(z \mid x)}\!\left[\frac{p_\theta(x, z)}{q_\phi(z \mid x)}\right],
#   \qquad p_\theta(x, z) = p_\theta(x \mid z)\, p(z).$$
# - Bu özdeşliği aşağıda küçük bir modelde sayıyla doğrulayacağız.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Yol 1: Jensen eşitsizliği
#
# $\log$ içbükeydir, bu yüzden $\log \mathbb{E}[w] \ge \mathbb{E}[\log w]$. $w = p_\theta(x,z)/q_\phi(z\mid x)$ ile:
#
# $$\log p_\theta(x) \;\ge\; \mathbb{E}_{q}\big[\log p_\theta(x, z) - \log q_\phi(z \mid x)\big]
# \;=\; \underbrace{\mathbb{E}_{q}\big[\log p_\theta(x \mid z)\big]}_{-\text{yeniden oluşturma kaybı}}
# \;-\; \underbrace{\mathrm{KL}\big(q_\phi(z \mid x) \,\|\, p(z)\big)}_{\text{KL kaybı}}.$$
#
# Sağ taraf **ELBO**'dur (evidence lower bound; Kingma & Welling, 2014). Eğitimde en küçüklenen
# yeniden oluşturma + KL, β = 1 iken ELBO'nun eksi işaretlisidir; SupCon bu sınırın dışında eklenen bir
# terimdir, β ≠ 1'i aşağıda tartışıyoruz.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Yol 2: tam eşitlik
#
# $\log p_\theta(x)$, $z$'ye bağlı değildir; $p_\theta(x) = p_\theta(x, z) / p_\theta(z \mid x)$ yazıp $q$ altında
# ortalarız:
#
# $$\log p_\theta(x) = \mathbb{E}_q\!\left[\log \frac{p_\theta(x, z)}{q_\phi(z \mid x)}\right]
# + \mathbb{E}_q\!\left[\log \frac{q_\phi(z \mid x)}{p_\theta(z \mid x)}\right]
# = \mathrm{ELBO} + \mathrm{KL}\big(q_\phi(z \mid x) \,\|\, p_\theta(z \mid x)\big).$$
#
# - Aradaki fark, $q$'nun **gerçek sonsal** dağılıma KL uzaklığıdır: $\ge 0$, ve yalnız $q = p_\theta(z\mid x)$
#   olduğunda sıfırdır. Jensen'in verdiği eşitsizlik buradan da çıkar.
# - Türetme hiçbir yerde $q$'nun $x$'ten hesaplandığını kullanmadı: gürültülü girdiden hesaplanan
#   $q_\phi(z \mid \tilde{x})$ da temiz $x$ için bir alt sınır verir.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sayıyla deneyelim: tek boyutlu doğrusal-Gauss model
#
# $p(z) = \mathcal{N}(0, 1)$, $p(x \mid z) = \mathcal{N}(a z, s^2)$. Burada her şey kapalı biçimdedir:
#
# $$p(x) = \mathcal{N}(0,\, a^2 + s^2), \qquad
# p(z \mid x) = \mathcal{N}\!\left(\frac{a x}{a^2 + s^2},\; \frac{s^2}{a^2 + s^2}\right).$$

# %%
a, s, x = 2.0, 0.5, 1.5  # decoder weight, decoder noise, one observation
log_px = stats.norm.logpdf(x, 0.0, np.sqrt(a**2 + s**2))
m_post, v_post = a * x / (a**2 + s**2), s**2 / (a**2 + s**2)
print(f"log p(x) = {log_px:.4f};  sonsal: ortalama {m_post:.4f}, varyans {v_post:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Kapalı biçimi Bayes kuralıyla denetlemek
#
# $z$ ekseninde ince bir ızgarada $p(z)\,p(x \mid z)$'yi hesaplayıp sayısal olarak integralini alıyoruz:
# integral $p(x)$'tir, ona bölünen ortak yoğunluk da sonsaldır.

# %%
grid = np.linspace(-6.0, 6.0, 200_001)
joint = stats.norm.pdf(grid) * stats.norm.pdf(x, a * grid, s)  # p(z) p(x|z) on a grid of z
evidence = integrate.trapezoid(joint, grid)  # p(x) = ∫ p(z) p(x|z) dz
grid_mean = integrate.trapezoid(grid * joint, grid) / evidence  # Bayes' rule: posterior = joint / p(x)
grid_var = integrate.trapezoid((grid - grid_mean) ** 2 * joint, grid) / evidence
print(f"ızgara: log p(x) = {np.log(evidence):.4f};  sonsal: ortalama {grid_mean:.4f}, varyans {grid_var:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## ELBO + sonsal KL = $\log p(x)$
#
# Sonsal olmayan bir $q(z \mid x) = \mathcal{N}(m, v)$ seçiyoruz. $\mathbb{E}_q[(x - a z)^2] = (x - a m)^2 + a^2 v$, yani
# $$\mathbb{E}_q[\log p(x\mid z)] = -\tfrac12 \log(2\pi s^2) - \frac{(x - a m)^2 + a^2 v}{2 s^2}.$$
# İki Gauss arasındaki KL (sonraki bölümün genel hâli):
# $\mathrm{KL}(\mathcal{N}(m_1, v_1) \,\|\, \mathcal{N}(m_2, v_2)) =
# \tfrac12\big[\log\tfrac{v_2}{v_1} + \tfrac{v_1 + (m_1 - m_2)^2}{v_2} - 1\big]$.
# Toplamın $\log p(x)$'e eşit çıkması iki formülü birlikte denetler; sonraki slayt Monte Carlo ile ayrıca denetler.

# %%
def gauss_kl(m1, v1, m2, v2):
    """KL(N(m1, v1) || N(m2, v2)) between 1-D Gaussians (v = variance), in nats."""
    return 0.5 * (np.log(v2 / v1) + (v1 + (m1 - m2) ** 2) / v2 - 1.0)

m_q, v_q = 0.5, 0.3**2  # a q(z|x) that is NOT the posterior
expected_loglik = -0.5 * np.log(2 * np.pi * s**2) - ((x - a * m_q) ** 2 + a**2 * v_q) / (2 * s**2)
elbo, kl_post = expected_loglik - gauss_kl(m_q, v_q, 0.0, 1.0), gauss_kl(m_q, v_q, m_post, v_post)
print(f"ELBO {elbo:.4f} + KL(q || sonsal) {kl_post:.4f} = {elbo + kl_post:.4f}   log p(x) = {log_px:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Aynı sayılar Monte Carlo ile
#
# $q$'dan sabit tohumla örnek çekip $\log w = \log p(x, z) - \log q(z \mid x)$'i hesaplıyoruz:
#
# - $\mathbb{E}_q[\log w]$'nin örnek ortalaması ELBO'yu,
# - $\log \mathbb{E}_q[w]$'nin örnek karşılığı $\log p(x)$'i tahmin eder (ilk slayttaki özdeşlik).
#
# Her tahminin yanında standart hatası var; sayılar bu hatanın izin verdiği basamakla yazılır.

# %%
rng = np.random.default_rng(cfg.seed)
z = m_q + np.sqrt(v_q) * rng.standard_normal(100_000)
log_w = stats.norm.logpdf(x, a * z, s) + stats.norm.logpdf(z) - stats.norm.logpdf(z, m_q, np.sqrt(v_q))
w = np.exp(log_w - log_w.max())  # rescaled weights: their relative spread is the s.e. of log E[w]
print(f"E_q[log w] ≈ {log_w.mean():.2f} ± {log_w.std(ddof=1) / np.sqrt(z.size):.3f}   (ELBO {elbo:.4f})")
print(f"log E_q[w] ≈ {special.logsumexp(log_w) - np.log(z.size):.2f} ± "
      f"{w.std(ddof=1) / w.mean() / np.sqrt(z.size):.3f}   (log p(x) {log_px:.4f})")

# %% [markdown] slideshow={"slide_type": "fragment"}
# İki tahmin arasındaki fark, Jensen eşitsizliğinin boşluğudur: tam olarak sonsal KL.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## KL'nin kapalı biçimi (1): kurulum
#
# Kodlayıcının dağılımı köşegen bir Gauss'tur, önsel $\mathcal{N}(0, I)$. İkisi de boyutlara ayrışır,
# log-yoğunluklar toplanır, KL de boyut başına KL'lerin toplamıdır. Tek boyut için
# $q = \mathcal{N}(\mu, \sigma^2)$, $p = \mathcal{N}(0, 1)$:
#
# $$\log q(z) = -\tfrac12\log(2\pi) - \tfrac12\log\sigma^2 - \frac{(z - \mu)^2}{2\sigma^2}, \qquad
# \log p(z) = -\tfrac12\log(2\pi) - \frac{z^2}{2}.$$
#
# $$\mathrm{KL}(q \,\|\, p) = \mathbb{E}_q[\log q(z) - \log p(z)]
# = -\tfrac12\log\sigma^2 - \frac{\mathbb{E}_q[(z-\mu)^2]}{2\sigma^2} + \frac{\mathbb{E}_q[z^2]}{2}.$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## KL'nin kapalı biçimi (2): iki beklenen değer
#
# $\mathbb{E}_q[(z - \mu)^2] = \sigma^2$ (varyansın tanımı) ve $\mathbb{E}_q[z^2] = \mu^2 + \sigma^2$. Yerine koyunca
#
# $$\mathrm{KL}\big(\mathcal{N}(\mu, \sigma^2) \,\|\, \mathcal{N}(0, 1)\big)
# = \tfrac12\big(\mu^2 + \sigma^2 - 1 - \log\sigma^2\big),$$
#
# gizil boyutlar üzerinden toplanınca defter 02'deki KL terimi. Kodlayıcı $\log\sigma^2$'yi (`z_log_var`)
# verir: $\sigma^2 = e^{\log\sigma^2}$ her zaman pozitiftir, ağın çıktısı ise her gerçel sayı olabilir.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Üç yoldan aynı KL
#
# Referans modelin ilk test görüntüsündeki $\mu$ ve $\sigma$ ile: kapalı biçim, Monte Carlo (sabit tohum,
# standart hatasıyla) ve `losses.kl_to_standard_normal`.

# %%
z_mean, z_log_var = evaluation.encode(ref_vae, noisy[:1])
mu, sigma = z_mean[0].astype(np.float64), np.exp(0.5 * z_log_var[0].astype(np.float64))
closed = 0.5 * np.sum(mu**2 + sigma**2 - 1.0 - np.log(sigma**2))
zs = mu + sigma * np.random.default_rng(cfg.seed).standard_normal((100_000, mu.size))
log_ratio = np.sum(stats.norm.logpdf(zs, mu, sigma) - stats.norm.logpdf(zs), axis=1)  # log q - log p
print(f"kapalı biçim {closed:.3f} nat")
print(f"Monte Carlo  {log_ratio.mean():.2f} ± {log_ratio.std(ddof=1) / np.sqrt(len(zs)):.2f} nat")
print(f"vaelib       {float(losses.kl_to_standard_normal(z_mean, z_log_var)[0]):.3f} nat")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## β ≠ 1 ne demek?
#
# β-VAE (Higgins ve ark., 2017) KL'yi bir $\beta$ ile çarpar:
# $\mathcal{L}_\beta = \mathbb{E}_q[\log p(x\mid z)] - \beta\,\mathrm{KL}(q \,\|\, p)$.
#
# - $\beta = 1$: ELBO, yani $\log p(x)$'in alt sınırı.
# - $\beta < 1$: $\mathcal{L}_\beta \ge \mathrm{ELBO}$; $\log p(x)$'i **aşabilir**, artık sınır değildir.
# - $\beta > 1$: $\mathcal{L}_\beta \le \mathrm{ELBO}$, daha gevşek bir sınırdır; ama en büyüğü ELBO'nun
#   en büyüğüyle aynı yerde değildir: model daha küçük KL için yeniden oluşturmadan fedakârlık eder.
#
# Bu defterin oyuncak modelinde, yukarıdaki $q$ için $\beta$'nın birkaç değeri:

# %%
for beta in (0.25, 1.0, 4.0):
    value = expected_loglik - beta * gauss_kl(m_q, v_q, 0.0, 1.0)
    print(f"β = {beta:4.2f}: L_β = {value:7.4f}   L_β ≤ log p(x) = {log_px:.4f}: {value <= log_px}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Hız–bozulma okuması
#
# Alemi ve ark. (2018) iki terimi ayrı ayrı adlandırır (ikisi de görüntü başına, nat):
#
# - **bozulma** $D = \mathbb{E}_q[-\log p(x \mid z)]$: yeniden oluşturma kaybı (BCE),
# - **hız** $R = \mathrm{KL}(q(z \mid x) \,\|\, p(z))$: veri üzerinden ortalaması, kodun $x$ hakkında taşıdığı
#   bilginin (karşılıklı bilgi $I(x; z)$) üst sınırıdır.
#
# $-\mathrm{ELBO} = D + R$; $D + \beta R$'yi en küçüklemek, $\beta$ eğimli bir doğruyla $R$–$D$ eğrisinde bir
# nokta seçmektir. Referans çalıştırmanın son epoch'u (bu epoch'ta β'yı da yazdırıyoruz; eğitim kaybında
# ayrıca γ·SupCon vardır):

# %%
last = history.iloc[-1]  # one row of the history table
print(f"epoch {last['epoch']:.0f}, β = {last['beta']:g}")
for name, prefix in (("eğitim", ""), ("doğrulama", "val_")):
    d, r = last[f"{prefix}recon_loss"], last[f"{prefix}kl_loss"]
    print(f"{name:10s} D = {d:.1f}  R = {r:.2f}  D + R = −ELBO = {d + r:.1f} nat")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sonsal çöküş
#
# KL terimi, kodun $x$ hakkında taşıdığı bilgiye fiyat koyar. Fiyat yüksekse bir boyutun en ucuz hâli
# $q(z_k \mid x) = p(z_k)$'dir: boyut **çöker**, çözücü onu yok sayar (Bowman ve ark., 2016). Eğitimin başında
# çözücü henüz koddan yararlanamadığı için çöküş en kolay orada olur; β ısınması (Sønderby ve ark., 2016) bu
# yüzden β'yı küçük başlatır. Aynı büyük β'yı ilk adımdan ve ısınmayla veren iki ayar, her biri üç tohumla
# (SupCon yok; `python -m vaelib collapse`, kısa bütçe):

# %%
table = collapse.read_table()
latent_dim = next(iter(collapse.collapse_configs().values())).latent_dim
print(f"β = {collapse.COLLAPSE_BETA:g}, {len(grids.SEEDS)} tohum, {latent_dim} gizil boyut; etkin boyut: test KL'si "
      f"{latent.ACTIVE_KL_NATS} nat'tan büyük olan boyut")
summary = table.groupby("schedule")[["first_epoch_kl", "test_kl", "active_dims", "psnr"]].agg(["mean", "std"])
summary.round(2)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Epoch epoch KL

# %%
curves = collapse.kl_curves()
mean_curve = {schedule: np.mean([curve for name, curve in curves.items() if name.startswith(schedule)], axis=0)
              for schedule in collapse.SCHEDULES}
fig = plots.line_chart([str(epoch) for epoch in range(1, len(mean_curve["constant"]) + 1)],
                       {plots.text(f"collapse_{schedule}"): values for schedule, values in mean_curve.items()},
                       plots.text("collapse_title"), plots.text("epoch"), plots.text("kl_axis"))
saved = project.save_figure(fig, "02c_sonsal_cokus")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Ne görüyoruz?
#
# - β ilk adımdan verildiğinde ilk epoch'un KL'si ısınmalı ayardakinin çok altındadır ve boyutların çoğu
#   çöker; ısınmayla aynı β'ya varan ayarda daha çok boyut etkin kalır ve PSNR daha yüksektir (tablo, üç
#   tohum).
# - İki ayarın **toplam** test KL'si neredeyse aynıdır: β ne kadar bilginin geçeceğini belirler; ısınma o
#   bilginin kaç boyuta dağılacağını.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gri piksellerde Bernoulli olabilirliği
#
# Fashion-MNIST pikselleri $[0, 1]$ aralığındadır, yalnız 0 ve 1 değil. Hedef piksel $y$ ve tahmin $p$ için
# $$\mathrm{BCE}(y, p) = -\big[y\log p + (1-y)\log(1-p)\big], \qquad
# \frac{\partial\,\mathrm{BCE}}{\partial p} = \frac{p - y}{p(1-p)} = 0 \iff p = y.$$
# En küçük değer, $y$'nin **ikili entropisi** $H(y) = -y\log y - (1-y)\log(1-y)$'dir: $0 < y < 1$ için
# pozitif. Mükemmel bir model bile gri bir pikselde sıfır kayıp alamaz. Bir piksel için ızgarada:

# %%
def binary_entropy(y):
    """H(y) = -y log y - (1-y) log(1-y) in nats, elementwise; H(0) = H(1) = 0."""
    return -(special.xlogy(y, y) + special.xlogy(1.0 - y, 1.0 - y))

y, p = 0.3, np.linspace(0.001, 0.999, 999)
bce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
print(f"y = {y}: en küçük BCE {bce.min():.4f}, p = {p[bce.argmin()]:.3f} noktasında; H(y) = {binary_entropy(y):.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## BCE'nin tabanı: taban + fazlalık
#
# Tabanı bütün **temiz** test görüntülerinde hesaplıyoruz: pikseller üzerinden $\sum H(y)$, görüntüler
# üzerinden ortalama. Referans modelin test BCE'si (gürültülü girdi, temiz hedef, $z = \mu$) ile son epoch'un
# doğrulama BCE'si (örneklenmiş $z$, doğrulama görüntüleri, kendi tabanlarıyla) bu tabanın üstünde kalır:

# %%
def bce_floor(images):
    """Mean over images of the sum over pixels of H(y): the smallest Bernoulli loss, in nats."""
    return float(binary_entropy(images.astype(np.float64).reshape(len(images), -1)).sum(axis=1).mean())

reconstruction = evaluation.reconstruct(ref_vae, noisy)  # decoded z_mean, no sampling
test_bce = float(np.mean(losses.bernoulli_reconstruction(splits.x_test, reconstruction)))
for name, floor, loss in (("test, z = μ", bce_floor(splits.x_test), test_bce),
                          ("doğrulama, son epoch", bce_floor(splits.x_val), last["val_recon_loss"])):
    print(f"{name:21s} taban {floor:6.1f} + fazlalık {loss - floor:5.1f} = BCE {loss:6.1f} nat")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Kaybın büyük kısmı, hiçbir modelin kapatamayacağı tabandır; öğrenilebilen yalnız fazlalıktır. Aynı kümede
# iki modelin BCE farkı fazlalıklarının farkıdır; tabanları farklı iki kümenin BCE'leri ise doğrudan
# karşılaştırılamaz (yukarıdaki iki satır gibi).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Sürekli Bernoulli
#
# $\lambda^y(1-\lambda)^{1-y}$, $y \in [0, 1]$ üzerinde bir yoğunluk değildir: integrali 1 etmez.
# Loaiza-Ganem & Cunningham (2019) onu normalleştirir:
# $$p(y \mid \lambda) = C(\lambda)\,\lambda^y(1-\lambda)^{1-y}, \qquad
# C(\lambda) = \frac{2\,\operatorname{artanh}(1 - 2\lambda)}{1 - 2\lambda}, \quad C(\tfrac12) = 2.$$
# Doğru negatif log-olabilirlik $\mathrm{BCE} - \log C(\lambda)$'dır: BCE, $\lambda$'ya bağlı $-\log C(\lambda)$
# terimini atlar. Yani gri piksellerde BCE en küçüklemek, tam olarak bir olabilirliği en büyütmek değildir.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## $\log C(\lambda)$'yı kararlı hesaplamak
#
# $2\,\operatorname{artanh}(1 - 2\lambda) = \log\frac{1-\lambda}{\lambda}$, uçlarda `log1p` ile doğru hesaplanır.
# $\tfrac12$ yakınında pay da payda da sıfıra gider; orada Taylor açılımı kullanılır:
# $\log C(\lambda) \approx \log 2 + (1-2\lambda)^2/3$.

# %%
def log_cb_normaliser(lam):
    """log C(λ) of the continuous Bernoulli (Loaiza-Ganem & Cunningham, 2019), stable near λ = 1/2."""
    lam = np.asarray(lam, dtype=np.float64)
    t = 1.0 - 2.0 * lam
    near = np.abs(t) < 1e-3
    safe = np.where(near, 0.25, lam)  # any λ away from 1/2 keeps the unused branch finite
    far = np.log((np.log1p(-safe) - np.log(safe)) / (1.0 - 2.0 * safe))
    return np.where(near, np.log(2.0) + t**2 / 3.0, far)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## $\log C(\lambda)$'nın değerleri
#
# Birkaç $\lambda$ için $\log C$, sayısal integralle bir denetim ve referans modelin test çıktılarında BCE'nin
# atladığı terimin görüntü başına toplamı:

# %%
lams = np.array([0.001, 0.01, 0.1, 0.3, 0.4999, 0.5, 0.7, 0.9, 0.99])
print("λ     ", " ".join(f"{lam:7g}" for lam in lams))
print("log C ", " ".join(f"{value:7.4f}" for value in log_cb_normaliser(lams)))
area = integrate.quad(lambda y: 0.3**y * 0.7 ** (1 - y), 0.0, 1.0)[0]
print(f"λ = 0.3: -log ∫ λ^y (1-λ)^(1-y) dy = {-np.log(area):.6f}, log C = {float(log_cb_normaliser(0.3)):.6f}")
omitted = log_cb_normaliser(np.clip(reconstruction, 1e-7, 1 - 1e-7)).reshape(len(noisy), -1).sum(axis=1).mean()
print(f"referans model, test: Σ log C(λ) = {omitted:.1f}; BCE − Σ log C(λ) = {test_bce - omitted:.1f} nat/görüntü")

# %% [markdown] slideshow={"slide_type": "fragment"}
# - $\log C$, $\lambda$ 0 ya da 1'e yaklaştıkça büyür: doğru olabilirlik uç değerleri BCE'den farklı ödüllendirir;
#   sürekli Bernoulli'nin ortalaması da $\lambda$ değildir (aynı makale).
# - Sürekli bir yoğunluk 1'i aşabilir: negatif log-olabilirlik negatif çıkabilir (son satır).
# - Bu dersin modeli raporla aynı biçimde BCE ile eğitildi.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Yeniden parametreleme
#
# ELBO, $q_\phi$ altında bir beklenen değerdir; $\phi$'ye göre türevi örnekleme adımından geçemez. Çözüm
# (Kingma & Welling, 2014): rastgeleliği parametresiz bir gürültüye taşımak,
# $$z = \mu_\phi + \sigma_\phi \odot \varepsilon,\quad \varepsilon \sim \mathcal{N}(0, I)
# \;\Rightarrow\; \nabla_\phi\, \mathbb{E}_{q_\phi}[f(z)] = \mathbb{E}_{\varepsilon}\big[\nabla_\phi f(\mu_\phi + \sigma_\phi \odot \varepsilon)\big].$$
# Hücre, $z$'nin dağılımını ve $f(z) = z^2$ için türevi denetler:
# $\partial_\mu \mathbb{E}[z^2] = 2\mu$, $\partial_\sigma \mathbb{E}[z^2] = 2\sigma$.
# Gradyanın gerçekten aktığını, TensorFlow ile, defter 02d gösterir.

# %%
mu_1, sigma_1 = 0.5, 0.8
eps_1 = np.random.default_rng(cfg.seed).standard_normal(100_000)
z_1 = mu_1 + sigma_1 * eps_1
print(f"z: ortalama {z_1.mean():.2f} (μ = {mu_1}), standart sapma {z_1.std():.2f} (σ = {sigma_1})")
for name, g, exact in (("∂/∂μ ≈ E_ε[2z]", 2 * z_1, 2 * mu_1), ("∂/∂σ ≈ E_ε[2z·ε]", 2 * z_1 * eps_1, 2 * sigma_1)):
    print(f"{name:17s} = {g.mean():.2f} ± {g.std(ddof=1) / np.sqrt(g.size):.3f}   (tam değer {exact:g})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. (Türetme) $\mathrm{KL}(\mathcal{N}(\mu_1, \sigma_1^2) \,\|\, \mathcal{N}(\mu_2, \sigma_2^2))$'yi bu defterdeki adımlarla
#    türetin; $\mu_2 = 0$, $\sigma_2 = 1$ için KL slaytındaki formüle indiğini gösterin.
#    - *İpucu:* sonucu `gauss_kl` ile, özel durumu `latent.kl_per_dimension(z_mean, z_log_var)` ile karşılaştırın
#      (önce `from vaelib import latent`).
# 2. (Türetme) Oyuncak modelde $q$ gerçek sonsal olsun ($m = ax/(a^2+s^2)$, $v = s^2/(a^2+s^2)$). ELBO'nun
#    $\log p(x)$'e eşit olduğunu kâğıt üzerinde gösterin ve hücrelerle doğrulayın.
#    - *İpucu:* `m_q, v_q = m_post, v_post` yapıp ELBO hücresini yeniden çalıştırın; KL terimini
#      `latent.kl_per_dimension(np.array([[m_q]]), np.log([[v_q]]))` ile de hesaplayın.
# 3. Hangi sınıfın BCE tabanı en yüksek? Referans modelin fazlalığı sınıflara göre nasıl değişiyor?
#    - *İpucu:* `bce_floor(splits.x_test[splits.y_test == c])`; sınıf adları `classes.class_names()` (önce `from vaelib import classes`).
# 4. Referans modelin test KL'sini gizil boyutlara ayırın. Toplamı görüntü başına KL'nin ortalamasına eşit mi?
#    - *İpucu:* `latent.kl_per_dimension(*evaluation.encode(ref_vae, noisy))`, toplamı `losses.kl_to_standard_normal` ile karşılaştırın.

# %% slideshow={"slide_type": "skip"}

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 1
#
# KL'yi iki log-yoğunluğun $q$ altındaki beklenen farkı olarak yazıp iki beklenen değeri hesaplıyoruz; sonra
# sonucu Monte Carlo ile ve özel durumu `latent.kl_per_dimension` ile denetliyoruz.
#
# $q = \mathcal{N}(\mu_1, \sigma_1^2)$, $p = \mathcal{N}(\mu_2, \sigma_2^2)$ için
# $$\mathrm{KL}(q \,\|\, p) = \mathbb{E}_q[\log q(z) - \log p(z)]
# = \tfrac12\log\frac{\sigma_2^2}{\sigma_1^2} - \frac{\mathbb{E}_q[(z-\mu_1)^2]}{2\sigma_1^2}
#   + \frac{\mathbb{E}_q[(z-\mu_2)^2]}{2\sigma_2^2}.$$
# $\mathbb{E}_q[(z-\mu_1)^2] = \sigma_1^2$; $z - \mu_2 = (z - \mu_1) + (\mu_1 - \mu_2)$ yazınca çapraz terimin
# beklenen değeri sıfırdır, yani $\mathbb{E}_q[(z-\mu_2)^2] = \sigma_1^2 + (\mu_1-\mu_2)^2$. Böylece
# $$\mathrm{KL}(q \,\|\, p) = \tfrac12\Big[\log\frac{\sigma_2^2}{\sigma_1^2} + \frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{\sigma_2^2} - 1\Big],$$
# yani `gauss_kl`. $\mu_2 = 0$, $\sigma_2 = 1$ için $\tfrac12\big(\mu_1^2 + \sigma_1^2 - 1 - \log\sigma_1^2\big)$:
# KL slaytındaki formül.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
# General case: q of the toy model against its posterior, closed form vs Monte Carlo (fixed seed)
z_q = m_q + np.sqrt(v_q) * np.random.default_rng(cfg.seed).standard_normal(100_000)
log_ratio_q = stats.norm.logpdf(z_q, m_q, np.sqrt(v_q)) - stats.norm.logpdf(z_q, m_post, np.sqrt(v_post))
print(f"genel durum: gauss_kl {gauss_kl(m_q, v_q, m_post, v_post):.4f}, Monte Carlo {log_ratio_q.mean():.3f} "
      f"± {log_ratio_q.std(ddof=1) / np.sqrt(z_q.size):.3f}")
# Special case: the first test image's 16 dimensions against N(0, 1)
by_formula = gauss_kl(mu, sigma**2, 0.0, 1.0)
by_vaelib = latent.kl_per_dimension(z_mean, z_log_var)
print(f"özel durum, {mu.size} boyut: her boyutta aynı (göreli fark < 1e-12): "
      f"{np.allclose(by_formula, by_vaelib, rtol=1e-12, atol=0.0)}; toplam {by_formula.sum():.3f} nat")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Kapalı biçim, Monte Carlo tahmininin standart hatası içinde kalır ve ELBO slaytındaki sonsal KL'dir.
# Özel durumda `gauss_kl` ile `latent.kl_per_dimension` her boyutta aynı sayıyı verir; toplamları, "üç yoldan
# aynı KL" hücresinin kapalı biçim değeridir.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 2
#
# Yol 2'den tek satırda: $\log p(x) = \mathrm{ELBO} + \mathrm{KL}(q \,\|\, p(z\mid x))$ ve $q = p(z \mid x)$ iken
# KL sıfırdır. Aynı sonuç doğrudan cebirle de çıkar. $S = a^2 + s^2$, $m = ax/S$, $v = s^2/S$ olsun; o zaman
# $x - am = x s^2/S$ ve
# $$\mathbb{E}_q[\log p(x\mid z)] = -\tfrac12\log(2\pi s^2) - \frac{x^2 s^2}{2S^2} - \frac{a^2}{2S}, \qquad
# \mathrm{KL}(q\,\|\,p(z)) = \tfrac12\Big[\log\frac{S}{s^2} + \frac{s^2}{S} + \frac{a^2x^2}{S^2} - 1\Big].$$
# Farkta $\log s^2$ terimleri birbirini götürür, $x^2$'li terimler $x^2(s^2 + a^2)/(2S^2) = x^2/(2S)$'ye,
# sabitler $(a^2 + s^2)/(2S) - \tfrac12 = 0$'a toplanır:
# $$\mathrm{ELBO} = -\tfrac12\log(2\pi S) - \frac{x^2}{2S} = \log \mathcal{N}(x;\, 0,\, a^2 + s^2) = \log p(x).$$

# %% slideshow={"slide_type": "skip"} tags=["solution"]
m_opt, v_opt = m_post, v_post  # q is the true posterior
loglik_opt = -0.5 * np.log(2 * np.pi * s**2) - ((x - a * m_opt) ** 2 + a**2 * v_opt) / (2 * s**2)
kl_opt = float(latent.kl_per_dimension(np.array([[m_opt]]), np.log([[v_opt]]))[0])
print(f"KL(q || önsel): gauss_kl {gauss_kl(m_opt, v_opt, 0.0, 1.0):.6f}, vaelib {kl_opt:.6f}")
print(f"ELBO {loglik_opt - kl_opt:.6f}   log p(x) {log_px:.6f}   "
      f"KL(q || sonsal) {gauss_kl(m_opt, v_opt, m_post, v_post):.1e}")

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** $q$ gerçek sonsal olunca ELBO, $\log p(x)$'e yazdırılan bütün basamaklarda eşittir ve sonsal KL
# sıfırdır: Jensen eşitsizliğinin boşluğu kapanır. Yukarıdaki sonsal olmayan $q$'da aradaki fark tam bu KL idi.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 3
#
# Her sınıfın temiz test görüntülerinde tabanı `bce_floor` ile, referans modelin BCE'sini görüntü başına
# hesaplayıp sınıf içinde ortalayarak buluyoruz; fazlalık ikisinin farkıdır.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import pandas as pd

from vaelib import classes

per_image_bce = np.asarray(losses.bernoulli_reconstruction(splits.x_test, reconstruction), np.float64)
by_class = pd.DataFrame({name: {"taban": bce_floor(splits.x_test[splits.y_test == c]),
                                "BCE": per_image_bce[splits.y_test == c].mean()}
                         for c, name in enumerate(classes.class_names())}).T
by_class["fazlalık"] = by_class["BCE"] - by_class["taban"]
print("en yüksek taban:", by_class["taban"].idxmax(), "| en büyük fazlalık:", by_class["fazlalık"].idxmax(),
      "| en küçük fazlalık:", by_class["fazlalık"].idxmin())
by_class.sort_values("taban", ascending=False).round(1)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Tabanı en yüksek sınıflar geniş, gri tonlu yüzeyli üst giysilerdir (kazak başta): her gri piksel
# tabana katkı yapar. Koyu zemin üstündeki ince nesnelerin (sandalet, spor ayakkabı, pantolon) tabanı düşüktür.
# Fazlalık tabanı izlemez: en büyük fazlalık sandalet ve çantada, en küçüğü pantolondadır; ince kayışlar ve
# desenler gürültüden geri kazanılamıyor, pantolonun yalın silueti kolayca kazanılıyor. Ham BCE sıralaması bu
# yüzden bir sınıfın ne kadar iyi giderildiğini değil, çoğunlukla kaç gri piksel taşıdığını söyler.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# ### Çözüm 4
#
# Bütün gürültülü test görüntülerini kodlayıp KL'yi boyut boyut ortalıyoruz; boyutların toplamını görüntü başına
# KL'nin (eğitimdeki KL terimi) ortalamasıyla karşılaştırıyoruz.

# %% slideshow={"slide_type": "skip"} tags=["solution"]
import matplotlib.pyplot as plt

test_mean, test_log_var = evaluation.encode(ref_vae, noisy)
kl_dims = latent.kl_per_dimension(test_mean, test_log_var)
kl_images = np.asarray(losses.kl_to_standard_normal(test_mean, test_log_var), np.float64)
print(f"boyutların toplamı {kl_dims.sum():.3f} nat; görüntü başına KL'nin ortalaması {kl_images.mean():.3f} nat; "
      f"eşit: {np.isclose(kl_dims.sum(), kl_images.mean(), rtol=1e-5)}")
print(f"etkin boyut ({latent.ACTIVE_KL_NATS} nat eşiği): {len(latent.active_dimensions(kl_dims))} / {kl_dims.size}; "
      f"en büyük boyut {kl_dims.max():.2f} nat, en küçük {kl_dims.min():.2f} nat")
fig = plots.kl_bars(kl_dims, latent.ACTIVE_KL_NATS)
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# **Okuma:** Evet: görüntüler üzerinden ortalama ile boyutlar üzerinden toplam yer değiştirebilir (ikisi de
# doğrusal), bu yüzden boyutların KL'lerinin toplamı görüntü başına KL'nin ortalamasıdır; fark yalnız float32
# yuvarlamasıdır. Bilgi boyutlara eşit dağılmaz: çubuklar boyuttan boyuta belirgin biçimde değişir, en küçüğü
# eşiğin üstünde kaldığı için referans modelde hiçbir boyut çökmemiştir.
