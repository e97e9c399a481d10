/**
 * The public key that fixes this extension's id when it is loaded unpacked, so the origin a
 * server must allow (`MCP_REMOTE_CORS_ORIGINS=chrome-extension://<id>`) is known in advance.
 * Only the public half exists; the Chrome Web Store assigns its own key, so a store build
 * drops this field.
 */
export const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAihxZLtuxyDAl2wMJjfu6tabhv7s1QhUFw0ewvaJV+V9rZPAe7gf3Wh/u0N+7t55ZPGlkrW5g2hC3tE209G7jMiWAd4VyKCUPZNhoRZL7Hiz7hSxb064rYTq8+O9EGJqwjqECmrKNTgRCTSOJMeW5oYUMQeYGEYAT8mYeqeC4Cmbwmrl4hHoZ42tTOOvjZ/hsycv4LEOeT0YyimzixnAfinGCN4dR8a1Qp3W1XyBC3ChBaBBFNw+sf/1/Hi5sHdDlMGRCQ+/myHAnx1RupnfA1cXWTbFWnhrJMUg1acqos8QILMZokZqCmufnS4Qi3L0FDXzlJ5NVBSiMBUm8jezUmQIDAQAB'

/** The id Chrome derives from {@link EXTENSION_KEY}. */
export const EXTENSION_ID = 'jgoaeoapdboieochioeabjdmgheljedp'
