/**
 * The words that say "one-time code" and the words that say "not a one-time code", in the
 * languages we recognise. Written as people write them; `normalizeText` folds case,
 * accents, widths and punctuation before anything is compared.
 */

export const CODE_FIELD_LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'pl', 'ja', 'zh'] as const;
export type CodeFieldLanguage = (typeof CODE_FIELD_LANGUAGES)[number];

/** Phrases that on their own make a field a one-time-code field. */
export const CODE_PHRASES: Record<CodeFieldLanguage, readonly string[]> = {
  en: [
    'otp', 'totp', 'hotp', 'mfa', '2fa', 'tfa', '2sv', 'otc', 'one-time code', 'one-time password', 'one-time passcode',
    'one time pin', 'onetime', 'verification code', 'verify code', 'authentication code', 'authenticator', 'auth code',
    'security code', 'two-factor', 'two factor', '2-factor', 'second factor', 'two-step', '2-step', 'multi-factor',
    'login code', 'log-in code', 'sign-in code', 'signin code', 'passcode', '6-digit code', '8-digit code', 'token code',
  ],
  de: [
    'Bestätigungscode', 'Sicherheitscode', 'Verifizierungscode', 'Verifikationscode', 'Authentifizierungscode',
    'Authentifikationscode', 'Einmalcode', 'Einmal-Code', 'Einmalpasswort', 'Einmalkennwort', 'Zwei-Faktor',
    '2-Faktor', 'Anmeldecode', 'Prüfcode', 'Bestätigungs-Code', 'sechsstelligen Code',
  ],
  fr: [
    'code de vérification', 'code de sécurité', "code d'authentification", 'code à usage unique',
    'mot de passe à usage unique', 'usage unique', 'code de confirmation', 'double authentification',
    'authentification à deux facteurs', 'deux facteurs', 'code à 6 chiffres', 'code de connexion', 'code de validation',
  ],
  es: [
    'código de verificación', 'código de seguridad', 'código de autenticación', 'código de un solo uso',
    'contraseña de un solo uso', 'un solo uso', 'código de confirmación', 'verificación en dos pasos', 'dos factores',
    'código de inicio de sesión', 'código de 6 dígitos', 'clave dinámica',
  ],
  pt: [
    'código de verificação', 'código de segurança', 'código de autenticação', 'código de confirmação',
    'senha de uso único', 'código de uso único', 'uso único', 'verificação em duas etapas', 'dois fatores',
    'código de acesso único', 'código de 6 dígitos',
  ],
  it: [
    'codice di verifica', 'codice di sicurezza', 'codice di autenticazione', 'codice monouso', 'password monouso',
    'codice di conferma', 'verifica in due passaggi', 'due fattori', 'codice a 6 cifre', 'codice di accesso',
  ],
  nl: [
    'verificatiecode', 'beveiligingscode', 'authenticatiecode', 'eenmalige code', 'eenmalig wachtwoord',
    'bevestigingscode', 'tweestapsverificatie', 'tweestaps', 'twee-factor', 'tweefactor', 'inlogcode', 'aanmeldcode',
    'controlecode', '6-cijferige code',
  ],
  pl: [
    'kod weryfikacyjny', 'kod bezpieczeństwa', 'kod uwierzytelniający', 'kod uwierzytelniania', 'kod jednorazowy',
    'hasło jednorazowe', 'jednorazowe hasło', 'jednorazowy kod', 'kod potwierdzający', 'kod potwierdzenia',
    'weryfikacja dwuetapowa', 'dwuetapow', 'dwuskładnikow', 'kod autoryzacyjny', 'kod logowania', 'kod z aplikacji',
  ],
  ja: [
    '確認コード', '認証コード', 'セキュリティコード', 'ワンタイムパスワード', 'ワンタイムコード', 'ワンタイム', '二段階認証',
    '2段階認証', '２段階認証', '検証コード', 'ログインコード', '認証番号', '確認番号', '多要素認証', '二要素認証', '認証アプリ',
  ],
  zh: [
    '验证码', '驗證碼', '动态码', '動態碼', '动态密码', '動態密碼', '动态口令', '安全码', '安全碼', '一次性密码', '一次性密碼',
    '一次性验证码', '两步验证', '兩步驟驗證', '兩步驗證', '二次验证', '双重验证', '雙重驗證', '两步骤验证', '校验码', '认证码',
    '認證碼', '身份验证器', '双因素', '雙因素', '两因素', '登录码',
  ],
};

/**
 * Words that name a code-ish field without saying which code. They count only when the
 * field also has a code's shape (6-8 characters, numeric keyboard or digit pattern).
 */
export const WEAK_CODE_WORDS: readonly string[] = [
  'code', 'codes', 'pin', 'token', 'Code', 'Kennung', 'código', 'codigo', 'codice', 'kod', 'kodu', 'コード', '番号', '码', '碼',
];

export const EXCLUSION_KINDS = ['search', 'coupon', 'postal', 'card', 'phone', 'recovery', 'captcha', 'identity'] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

/** Words that make a field something else, whatever else it says. */
export const EXCLUSION_WORDS: Record<ExclusionKind, readonly string[]> = {
  search: [
    'search', 'query', 'q', 'keyword', 'suche', 'suchen', 'suchbegriff', 'recherche', 'rechercher', 'buscar', 'búsqueda',
    'pesquisa', 'pesquisar', 'cerca', 'ricerca', 'zoeken', 'zoekterm', 'szukaj', 'wyszukaj', 'wyszukiwanie', '検索', '搜索', '搜尋',
  ],
  coupon: [
    'coupon', 'promo', 'promotion', 'voucher', 'gift', 'discount', 'redeem', 'referral', 'invite', 'invitation',
    'Gutschein', 'Rabatt', 'Aktionscode', 'code promo', 'bon de réduction', 'réduction', 'cupón', 'cupom', 'descuento',
    'desconto', 'código promocional', 'sconto', 'buono', 'codice promozionale', 'kortingscode', 'korting', 'waardebon',
    'kupon', 'rabat', 'kod rabatowy', 'クーポン', '割引', '优惠', '優惠', '折扣', '礼品卡', '禮品卡', '兑换码', '兌換碼', '邀请码', '邀請碼',
  ],
  postal: [
    'postal', 'zip', 'zipcode', 'postcode', 'post code', 'PLZ', 'Postleitzahl', 'code postal', 'código postal', 'CEP',
    'CAP', 'codice postale', 'kod pocztowy', 'pocztowy', '郵便番号', '邮编', '邮政编码', '郵遞區號', '郵政編碼',
  ],
  card: [
    'card', 'cc', 'ccv', 'cvv', 'cvv2', 'cvc', 'cvc2', 'csc', 'cvn', 'credit', 'debit', 'iban', 'expiry', 'expiration',
    'Kreditkarte', 'Karte', 'Kartennummer', 'Prüfnummer', 'carte', 'cryptogramme', 'tarjeta', 'cartão', 'cartao', 'carta',
    'kaart', 'karta', 'karty', 'カード', '信用卡', '银行卡', '銀行卡', '卡号', '卡號', '卡片',
  ],
  phone: [
    'phone', 'cellphone', 'telephone', 'tel', 'mobile', 'cell', 'msisdn', 'Handy', 'Handynummer', 'Telefon', 'Telefonnummer',
    'Mobilnummer', 'téléphone', 'portable', 'teléfono', 'móvil', 'celular', 'telefone', 'telemóvel', 'cellulare',
    'telefoonnummer', 'telefoon', 'mobiel', 'numer telefonu', 'komórka', 'komórkowy', '電話', '携帯', '手机', '手機', '电话',
  ],
  recovery: [
    'recovery', 'recover', 'backup', 'back-up', 'scratch', 'rescue', 'emergency', 'Wiederherstellung',
    'Wiederherstellungscode', 'Sicherungscode', 'Notfallcode', 'récupération', 'secours', 'recuperación', 'respaldo',
    'recuperação', 'recupero', 'ripristino', 'herstel', 'herstelcode', 'odzyskiwania', 'odzyskiwanie', 'zapasowy',
    'リカバリ', 'バックアップ', '回復', '恢复', '恢復', '备用', '備用', '救援',
  ],
  captcha: ['captcha', 'recaptcha', 'hcaptcha', '图形验证码', '图片验证码', '圖形驗證碼', '圖片驗證碼', '画像認証'],
  identity: ['username', 'user name', 'email', 'e-mail', 'Benutzername', 'quantity', 'qty', 'amount', 'price'],
};

/** `autocomplete` tokens that make a field something other than a one-time code. */
export const EXCLUDED_AUTOCOMPLETE = /^(tel|tel-.*|postal-code|cc-.*|email|username|street-address|address-.*|country.*|bday.*|transaction-.*|name|given-name|family-name)$/;
