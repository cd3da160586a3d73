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
# # Raporun Ötesi: Sınırlılıklar ve İyileştirme Fikirleri
#
# Raporun son slaytı denenmemiş fikirleri sayıyordu: gizil boyut (8/16/32), başka gürültü
# düzeyleri, SupCon teriminin ağırlığı, başka β programları, "algısal kayıp / SSIM ağırlıklı kayıp".
# Algısal kayıplar derin ağ öznitelikleriyle hesaplanır; SSIM ise yerel parlaklık, karşıtlık ve yapı
# benzerliğidir. Burada yalnız SSIM terimini deniyoruz.
# Burada her soruyu, her seferinde **tek bir ayarı** değiştiren eğitimlerle sayılara döküyoruz.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bu defterde
#
# **Öğrenme hedefleri:** Tek bir ayarı değiştiren kısa eğitimlerin sonuçlarını okumak; gizil boyutun, gürültü
# düzeyinin, SupCon ağırlığının ve β programının etkisini yorumlamak; kayba eklenen SSIM teriminin getirisini ve
# bedelini tartışmak; referans modelin başka gürültü düzeylerine sağlamlığını değerlendirmek.
#
# **Süre:** yaklaşık 40 dakika. **Önkoşullar:** defter 03, 04 (PSNR, SSIM) ve 05 (kNN, doğrusal sonda).
#
# Terimlerin İngilizce karşılıkları: [sözlük](sozluk.md).

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
from vaelib import config, data, evaluation, plots, runs
from vaelib.course import sweep

table = sweep.read_table()

TIES = {"psnr": 0.15, "ssim": 0.005, "knn5_acc": 0.005, "linear_probe_acc": 0.005, "final_kl": 0.5}
"""Tek tohum, kısa bütçe: bundan küçük farklar gürültü sayılır (bir karar, ölçüm değil)."""


def compare(grid, before: str, after: str, columns) -> None:
    """Print how each column changes from the grid's row `before` to its row `after`, and whether beyond TIES."""
    for column in columns:
        a, b = grid.loc[before, column], grid.loc[after, column]
        verdict = "fark yok" if abs(b - a) < TIES[column] else ("arttı" if b > a else "azaldı")
        print(f"{column:16s} {before} → {after}: {a:.3f} → {b:.3f} ({b - a:+.3f}), {verdict}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bütçe
#
# Taramadaki **her satır** aynı kısaltılmış bütçeyle eğitildi: 10.000 eğitim görüntüsü (katmanlı alt
# küme), 8 epoch, β ısınması 3 epoch (raporun oranına yakın). Sayılar birbirleriyle karşılaştırılır,
# referans modelle değil. Tarama: `python -m vaelib sweep` (sonuçlar `runs/sweep/sweep.csv` dosyasında
# saklı). Süreler eğitimlerin `training.json` dosyalarından gelir:

# %%
n_runs = table["run"].nunique()
full_s = runs.read_training(config.REFERENCE_RUN_DIR)["wall_time_s"]
print("epoch:", sorted(set(table["epochs"].tolist())), "| eğitim görüntüsü:", sorted(set(table["train_images"].tolist())))
print("eğitim sayısı:", n_runs, "| toplam eğitim süresi:",
      round(table.drop_duplicates("run")["wall_time_s"].sum() / 60), "dk")
print(f"tam profille (referans çalıştırmanın süresiyle) {n_runs} eğitim ≈ {n_runs * full_s / 3600:.1f} saat")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Gizil boyut: 8, 16, 32

# %%
latent_dim = sweep.grid_table(table, "latent_dim")
latent_dim[["psnr", "ssim", "knn5_acc", "linear_probe_acc", "final_kl"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(latent_dim.index.astype(int)), {plots.text("vae_series"): latent_dim["psnr"]},
                       plots.text("latent_dim_chart"), plots.text("latent_size_axis"), plots.text("psnr_axis"))
saved = plots.save_figure(fig, "08_gizil_boyut")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sonuç:** 16'dan fazla boyut PSNR'ı artırmıyor. β = 1 iken KL terimi koddaki bilgiyi sınırlar: son KL
# boyutla birlikte ancak biraz büyür ve bu ek bilgi yeniden oluşturmaya yansımaz. 16'dan 32'ye PSNR, son KL
# ve kNN:

# %%
compare(latent_dim, "16", "32", ["psnr", "final_kl", "knn5_acc"])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Gürültü düzeyi: 0,1 … 0,8
#
# Her satırda model o gürültüyle eğitildi ve o gürültüyle test edildi; taban çizgisi aynı
# gürültülü girdidir.

# %%
noise = sweep.grid_table(table, "noise_factor")
noise[["baseline_psnr", "psnr", "baseline_ssim", "ssim", "knn5_acc"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(noise.index.astype(float)),
                       {plots.text("vae_series"): noise["psnr"], plots.text("noisy_series"): noise["baseline_psnr"]},
                       plots.text("noise_chart"), plots.text("noise_axis"), plots.text("psnr_axis"))
saved = plots.save_figure(fig, "08_gurultu_duzeyi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sonuç:** gürültü arttıkça VAE yavaşça kötüleşir, girdi ise hızla. En düşük gürültüde VAE çıktısı
# gürültülü girdiden **kötüdür**: bulanıklığın bedeli gürültüden büyüktür. Biraz daha gürültüde VAE
# açıkça kazanır.

# %%
lowest, highest = noise.index[0], noise.index[-1]
for name, column in [("VAE", "psnr"), ("girdi", "baseline_psnr")]:
    print(f"{name:5s} gürültü {lowest} → {highest}: {noise.loc[lowest, column]:.1f} → {noise.loc[highest, column]:.1f} dB")
gain = noise["psnr"] - noise["baseline_psnr"]
print("VAE'nin girdiye göre kazancı (dB):", ", ".join(f"{level}: {value:+.1f}" for level, value in gain.items()))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. SupCon ağırlığı γ: 0, 0,5, 1, 2
#
# SupCon sınıf yapısı kazandırıyor mu, PSNR'dan ne götürüyor?

# %%
gamma = sweep.grid_table(table, "gamma_sc")
gamma[["psnr", "ssim", "knn5_acc", "linear_probe_acc"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(gamma.index.astype(float)),
                       {plots.text("knn_series"): gamma["knn5_acc"], plots.text("linear_probe_series"): gamma["linear_probe_acc"]},
                       plots.text("supcon_chart"), plots.text("gamma_axis"), plots.text("accuracy_axis"))
saved = plots.save_figure(fig, "08_supcon_agirligi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sonuç:** SupCon PSNR'dan bir şey götürmedi; aşağıdaki satırlar PSNR'ı artırıp artırmadığını da
# söyler. Sınıf yapısını artırır, ama yapının çoğu SupCon olmadan da vardır. γ = 0'dan γ = 2'ye:

# %%
compare(gamma, "0.0", "2.0", ["psnr", "knn5_acc", "linear_probe_acc"])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. β programı
#
# Sabit β = 1, raporun ısınması ve döngüsel program (β her döngünün başında yeniden yükselir; `training.beta_for_epoch`).

# %%
beta = sweep.grid_table(table, "beta_schedule")
beta[["psnr", "ssim", "knn5_acc", "final_kl"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(beta.index), {plots.text("vae_series"): beta["psnr"]},
                       plots.text("beta_schedule_chart"), plots.text("beta_schedule_axis"), plots.text("psnr_axis"))
saved = plots.save_figure(fig, "08_beta_programi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sonuç:** bu bütçede β programının PSNR'a etkisi yok denecek kadar az; ısınmanın faydası bu kısa
# eğitimlerde ölçülemedi. Sabit β = 1'den ısınmaya ve döngüsel programa:

# %%
compare(beta, "constant", "warmup", ["psnr"])
compare(beta, "constant", "cyclical", ["psnr"])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Kayıp alternatifi: SSIM terimi
#
# Yeniden oluşturma kaybına $100 \cdot (1 - \mathrm{SSIM})$ eklenir (BCE ve KL aynen kalır).

# %%
ssim_term = sweep.grid_table(table, "ssim_weight")
ssim_term[["mse", "psnr", "ssim", "knn5_acc", "final_kl"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(ssim_term.index.astype(float)), {plots.text("ssim_series"): ssim_term["ssim"]},
                       plots.text("ssim_term_chart"), plots.text("ssim_weight_axis"), plots.text("ssim_axis"))
saved = plots.save_figure(fig, "08_ssim_terimi")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sonuç:** denenen fikirler arasında açıkça işe yarayan tek şey: hem SSIM hem PSNR artar ve model
# koda daha çok bilgi koyar (son KL büyür). Bedeli: amaç fonksiyonu artık raporunkiyle aynı değil.
# SSIM terimi olmadan ve ağırlığı 100 iken:

# %%
compare(ssim_term, "0.0", "100.0", ["ssim", "psnr", "final_kl"])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Referans modelin sağlamlığı
#
# Referans model (gürültü 0,45 ile eğitildi) başka gürültü düzeylerinde test edilince ne olur?

# %%
vae, cfg = runs.load_vae(runs.require_complete(config.REFERENCE_RUN_DIR))
clean = data.load_splits(cfg).x_test
robustness = evaluation.noise_robustness(vae, cfg, clean, [0.1, 0.2, 0.3, 0.45, 0.6, 0.7, 0.8])
robustness.round(3)

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(robustness.index),
                       {plots.text("vae_series"): robustness["vae_psnr"], plots.text("noisy_series"): robustness["baseline_psnr"]},
                       plots.text("robustness_chart"), plots.text("test_noise_axis"), plots.text("psnr_axis"))
saved = plots.save_figure(fig, "08_saglamlik")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sonuç:** eğitimdekinden yüksek gürültüde çıktı hızla kötüleşir; çok düşük gürültüde ise bulanık
# çıktı gürültülü girdiden kötü kalabilir. Her test gürültüsünde VAE ile girdi:

# %%
for level, row in robustness.iterrows():
    gain = row["vae_psnr"] - row["baseline_psnr"]
    print(f"gürültü {level:<4}: VAE {row['vae_psnr']:5.2f} dB, girdi {row['baseline_psnr']:5.2f} dB → "
          f"VAE {'daha iyi' if gain > 0 else 'daha kötü'} ({gain:+.1f} dB)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Özet
#
# - Tek tohumla, kısaltılmış bütçeyle ölçüldü: kurulum hücresindeki `TIES`'tan küçük farklar
#   gürültü sayılmalı.
# - **Gizil boyut** 16'dan 32'ye çıkınca PSNR artmıyor; darboğaz KL terimi.
# - **Gürültü düzeyi**: VAE en düşük gürültüde girdiyi bozuyor, daha yüksek gürültüde açıkça düzeltiyor;
#   referans model eğitimdekinden yüksek gürültüye kötü genelleşiyor.
# - **SupCon** PSNR'a zarar vermiyor, sınıf yapısını artırıyor.
# - **β programı** bu bütçede fark yaratmıyor.
# - **SSIM terimi** hem SSIM'i hem PSNR'ı artırıyor: raporun önerdiği fikirlerden en umut verici olanı.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Alıştırmalar
#
# Defteri çalıştırdıktan sonra en alttaki boş hücrede deneyin.
#
# 1. Tarama tablosundan başka bir ilişki çizin, ör. gizil boyuta karşı son KL ya da γ'ya karşı SSIM.
#    - *İpucu:* `sweep.grid_table(table, "latent_dim")["final_kl"]`, sonra `plots.line_chart`.
# 2. Sağlamlık tablosunu SSIM ile çizin. Referans model hangi gürültü düzeylerinde girdiden daha iyi?
#    - *İpucu:* `robustness["vae_ssim"]` ve `robustness["baseline_ssim"]` sütunlarıyla `plots.line_chart`.
# 3. Kendi deneyiniz: hızlı profili SSIM terimiyle eğitip ölçün. Sonuç taramadaki satırlarla neden
#    doğrudan karşılaştırılamaz?
#    - *İpucu:* `training.train(config.get_config("quick", ssim_weight=100.0), dizin)`, sonra
#      `sweep.score_run(dizin, data.load_splits(...))`; dizin ör. `config.RUNS_DIR / "ssim_hizli"`.

# %% slideshow={"slide_type": "skip"}
