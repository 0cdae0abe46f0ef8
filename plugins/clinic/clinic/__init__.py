"""法律服务诊室 (Legal service clinics): a sifa plugin."""
