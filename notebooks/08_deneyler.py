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
# düzeyleri, SupCon teriminin ağırlığı, başka β programları, SSIM gibi algısal kayıplar.
# Burada her soruyu, her seferinde **tek bir ayarı** değiştiren eğitimlerle sayılara döküyoruz.

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
from vaelib import config, data, evaluation, plots, runs, sweep

table = sweep.read_table()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Bütçe
#
# Tam profille 13 eğitim ≈ 3 saat sürerdi. Bu yüzden taramadaki **her satır** aynı kısaltılmış
# bütçeyle eğitildi: 10.000 eğitim görüntüsü (katmanlı alt küme), 8 epoch, β ısınması 3 epoch
# (raporun oranına yakın). Sayılar birbirleriyle karşılaştırılır, referans modelle değil.
# Tarama: `python -m vaelib sweep` (sonuçlar `runs/sweep/sweep.csv` dosyasında saklı).

# %%
print("epoch:", sorted(set(table["epochs"].tolist())), "| eğitim görüntüsü:", sorted(set(table["train_images"].tolist())))
print("eğitim sayısı:", table["run"].nunique(), "| toplam eğitim süresi:",
      round(table.drop_duplicates("run")["wall_time_s"].sum() / 60), "dk")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Gizil boyut: 8, 16, 32

# %%
latent_dim = sweep.grid_table(table, "latent_dim")
latent_dim[["psnr", "ssim", "knn5_acc", "linear_probe_acc", "final_kl"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(latent_dim.index.astype(int)), {"VAE": latent_dim["psnr"]}, "PSNR ve gizil boyut",
                       "gizil boyut", "PSNR (dB)")
saved = plots.save_figure(fig, "08_gizil_boyut")

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Sonuç:** 32 boyut PSNR'ı artırmadı (16,85 / 16,94 / 16,84 dB). β = 1 iken KL terimi koddaki bilgiyi
# sınırlar (son KL 12,0 / 13,6 / 13,7 nat): boyut eklemek bilgi eklemiyor. Sınıf yapısı biraz artıyor
# (kNN 0,735 → 0,753).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Gürültü düzeyi: 0,1 … 0,8
#
# Her satırda model o gürültüyle eğitildi ve o gürültüyle test edildi; taban çizgisi aynı
# gürültülü girdidir.

# %%
noise = sweep.grid_table(table, "noise_factor")
noise[["baseline_psnr", "psnr", "baseline_ssim", "ssim", "knn5_acc"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(noise.index.astype(float)), {"VAE": noise["psnr"], "gürültülü girdi": noise["baseline_psnr"]},
                       "PSNR ve gürültü katsayısı", "gürültü katsayısı", "PSNR (dB)")
saved = plots.save_figure(fig, "08_gurultu_duzeyi")

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Sonuç:** gürültü arttıkça VAE yavaşça kötüleşir (17,7 → 15,9 dB), girdi ise hızla (21,6 → 7,0 dB).
# 0,1'de VAE çıktısı gürültülü girdiden **kötüdür** (17,7'ye karşı 21,6 dB): bulanıklığın bedeli
# gürültüden büyük. 0,3'ten itibaren VAE açıkça kazanır.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. SupCon ağırlığı γ: 0, 0,5, 1, 2
#
# SupCon sınıf yapısı kazandırıyor mu, PSNR'dan ne götürüyor?

# %%
gamma = sweep.grid_table(table, "gamma_sc")
gamma[["psnr", "ssim", "knn5_acc", "linear_probe_acc"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(gamma.index.astype(float)), {"kNN(5)": gamma["knn5_acc"], "doğrusal sonda": gamma["linear_probe_acc"]},
                       "Sınıf yapısı ve SupCon ağırlığı", "γ", "test doğruluğu")
saved = plots.save_figure(fig, "08_supcon_agirligi")

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Sonuç:** SupCon PSNR'dan bir şey götürmedi (γ = 0 → 2: 16,72 → 16,96 dB). Sınıf yapısına katkısı
# küçük: kNN 0,733 → 0,753, doğrusal sonda 0,730 → 0,745. Sınıf yapısının çoğu SupCon olmadan da var.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. β programı
#
# Sabit β = 1, raporun ısınması ve döngüsel program (her 3 epoch'ta β yeniden 0,67'den 1'e).

# %%
beta = sweep.grid_table(table, "beta_schedule")
beta[["psnr", "ssim", "knn5_acc", "final_kl"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(beta.index), {"VAE": beta["psnr"]}, "PSNR ve β programı", "β programı", "PSNR (dB)")
saved = plots.save_figure(fig, "08_beta_programi")

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Sonuç:** bu bütçede β programının etkisi yok denecek kadar az: sabit 16,91, ısınma 16,94,
# döngüsel 16,92 dB. Isınmanın faydası bu kısa eğitimlerde ölçülemedi.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Kayıp alternatifi: SSIM terimi
#
# Yeniden oluşturma kaybına $100 \cdot (1 - \mathrm{SSIM})$ eklenir (BCE ve KL aynen kalır).

# %%
ssim_term = sweep.grid_table(table, "ssim_weight")
ssim_term[["mse", "psnr", "ssim", "knn5_acc", "final_kl"]]

# %% slideshow={"slide_type": "subslide"}
fig = plots.line_chart(list(ssim_term.index.astype(float)), {"SSIM": ssim_term["ssim"]}, "SSIM ve SSIM teriminin ağırlığı",
                       "SSIM ağırlığı", "test SSIM")
saved = plots.save_figure(fig, "08_ssim_terimi")

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Sonuç:** denenen fikirler arasında açıkça işe yarayan tek şey: SSIM 0,522 → 0,563, PSNR
# 16,94 → 17,23 dB. Model koda daha çok bilgi koyuyor (son KL 13,6 → 16,5 nat). Bedeli: amaç
# fonksiyonu artık raporunkiyle aynı değil.

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
fig = plots.line_chart(list(robustness.index), {"VAE": robustness["vae_psnr"], "gürültülü girdi": robustness["baseline_psnr"]},
                       "Referans model, eğitimden farklı test gürültüsü", "test gürültü katsayısı", "PSNR (dB)")
saved = plots.save_figure(fig, "08_saglamlik")

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Sonuç:** eğitimden daha düşük gürültüde model iyi çalışır (0,2-0,45 arasında 18,7-19,0 dB), daha
# yüksek gürültüde hızla kötüleşir (0,8'de 14,2 dB), ama yine de girdiden 7 dB iyidir. 0,1'de ise
# çıktı girdiden kötüdür (18,4'e karşı 21,6 dB).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Özet
#
# - Tek tohumla, kısaltılmış bütçeyle ölçüldü: 0,1 dB'lik farklar gürültü sayılmalı.
# - **Gizil boyut** 16'dan 32'ye çıkınca PSNR artmıyor; darboğaz KL terimi.
# - **Gürültü düzeyi**: VAE düşük gürültüde (0,1) girdiyi bozuyor, 0,3 ve üstünde açıkça düzeltiyor;
#   0,45 ile eğitilen referans model daha düşük gürültüye iyi, daha yüksek gürültüye kötü genelleşiyor.
# - **SupCon** PSNR'a zarar vermiyor, sınıf yapısını biraz artırıyor.
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
