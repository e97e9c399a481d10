// Replaced by the real example once createPlatform lands.
export {}
