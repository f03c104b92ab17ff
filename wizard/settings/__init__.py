"""Export profiles (TOML) and secrets (OS keyring). Never imports Qt."""
