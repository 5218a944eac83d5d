/**
 * Consumer mailbox providers: an address there reaches a person, not their employer. Kept short on purpose (the
 * providers that dominate B2B lists); an unlisted free-mail domain only means a work-email step is skipped.
 */
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'ymail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'gmx.de',
  'gmx.net',
  'gmx.com',
  'web.de',
  't-online.de',
  'proton.me',
  'protonmail.com',
  'mail.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  'orange.fr',
  'free.fr',
  'libero.it',
  'zoho.com',
]);

export function isFreeMailAddress(email: string): boolean {
  const at = email.lastIndexOf('@');
  return (
    at >= 0 &&
    FREE_MAIL_DOMAINS.has(
      email
        .slice(at + 1)
        .trim()
        .toLowerCase()
        .replace(/\.$/, ''),
    )
  );
}
