import type { LeadField } from './lead';

/** A lead field, or the one extra input Leadflow can split into first and last name. */
export type MappableField = LeadField | 'fullName';

/**
 * Header names, in the form `headerKey` reduces them to, that feed each field, best first: when a file has
 * several candidate columns the earliest alias wins (a primary email beats a secondary one, a work phone beats a
 * mobile). Collected from the default exports of Salesforce, HubSpot, Dynamics 365, Pipedrive, Apollo, Outlook and
 * Google contacts, badge scanners and hand-made spreadsheets, in English and as localized HubSpot and Salesforce
 * exports name them in German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish and Norwegian
 * (docs/intake.md). No alias appears under two fields. Where a word means different things in two languages, the
 * exports decide: "Nom" is the French last name, "Nome" and "Nombre" the Italian, Portuguese and Spanish first name.
 *
 * Deliberately absent: company-level columns that look personal ("Company Phone", "Company LinkedIn URL"), whose
 * values would be sent to the vendor as the person's.
 */
export const COLUMN_ALIASES: Readonly<Record<MappableField, readonly string[]>> = {
  firstName: [
    'firstname', 'givenname', 'first', 'fname', 'forename', 'contactfirstname', 'leadfirstname',
    'personfirstname', 'attendeefirstname', 'vorname', 'prenom',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'nombre', 'primernombre', 'nome', 'primeironome', 'voornaam', 'fornavn', 'fornamn',
  ],
  lastName: [
    'lastname', 'surname', 'familyname', 'last', 'lname', 'contactlastname', 'leadlastname', 'personlastname',
    'attendeelastname', 'nachname', 'nom',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'familienname', 'nomdefamille', 'apellidos', 'apellido', 'cognome', 'sobrenome', 'apelido', 'ultimonome', 'achternaam',
    'efternavn', 'efternamn', 'etternavn',
  ],
  fullName: [
    'fullname', 'name', 'contactname', 'leadname', 'personname', 'attendeename', 'displayname',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'vollstandigername', 'kontaktname', 'nomcomplet', 'nombrecompleto', 'nomecompleto', 'volledigenaam', 'naam', 'fuldtnavn',
    'navn', 'fullstandigtnamn', 'namn', 'fulltnavn',
  ],
  email: [
    'email', 'emailaddress', 'workemail', 'workemailaddress', 'businessemail', 'businessemailaddress',
    'primaryemail', 'emailprimary', 'contactemail', 'leademail', 'personemail', 'emailwork', 'attendeeemail',
    'email1', 'emailaddress1', 'email1value', 'mail', 'emailpersonal', 'personalemail', 'secondaryemail',
    'email2', 'emailaddress2', 'email2address', 'email2value', 'otheremail', 'emailother',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'emailadresse', 'mailadresse', 'courriel', 'adresseemail', 'adressecourriel', 'correo', 'correoelectronico',
    'direcciondecorreo', 'direcciondecorreoelectronico', 'postaelettronica', 'indirizzoemail', 'enderecodeemail', 'emailadres',
    'epost', 'epostadress', 'epostadresse',
  ],
  title: [
    'jobtitle', 'title', 'position', 'role', 'designation', 'contacttitle', 'persontitle', 'businesstitle',
    'jobposition', 'organization1title',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'berufsbezeichnung', 'jobtitel', 'stellenbezeichnung', 'funktion', 'intituleduposte', 'fonction', 'titre',
    'cargo', 'puesto', 'qualifica', 'ruolo', 'posizione', 'mansione', 'funcao', 'functie', 'functietitel', 'stilling',
    'stillingsbetegnelse', 'befattning', 'jobbtitel', 'yrkestitel', 'stillingstittel', 'tittel',
  ],
  phone: [
    'phone', 'workphone', 'businessphone', 'directphone', 'directdial', 'officephone', 'telephone', 'phonenumber',
    'primaryphone', 'mainphone', 'contactphone', 'personphone', 'phonework', 'phone1value', 'telephone1',
    'mobilephone', 'mobile', 'cellphone', 'cell', 'mobilenumber', 'phonemobile', 'homephone', 'otherphone',
    'phone2value',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'telefon', 'telefonnummer', 'rufnummer', 'mobil', 'mobilnummer', 'handy', 'handynummer', 'numerodetelephone',
    'portable', 'telefono', 'numerodetelefono', 'movil', 'celular', 'numeroditelefono', 'cellulare', 'telefone',
    'numerodetelefone', 'telemovel', 'telefoon', 'telefoonnummer', 'mobiel', 'mobiltelefon', 'mobiltelefonnummer', 'tlf',
  ],
  companyName: [
    'company', 'companyname', 'accountname', 'organization', 'organisation', 'organizationname',
    'organisationname', 'employer', 'businessname', 'account', 'firm', 'personorganization', 'organization1name',
    'currentcompany',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'firma', 'unternehmen', 'firmenname', 'unternehmensname', 'namedesunternehmens', 'entreprise', 'societe',
    'nomdelentreprise', 'nomdelasociete', 'empresa', 'nombredelaempresa', 'compania', 'azienda', 'societa', 'nomeazienda',
    'nomedellazienda', 'nomedaempresa', 'bedrijf', 'bedrijfsnaam', 'organisatie', 'virksomhed', 'virksomhedsnavn',
    'firmanavn', 'foretag', 'foretagsnamn', 'bedrift', 'selskap', 'organisasjon',
  ],
  domain: [
    'domain', 'companydomain', 'domainname', 'companydomainname', 'website', 'companywebsite', 'websiteurl',
    'companyurl', 'companywebsiteurl', 'webpage', 'businesswebpage', 'web', 'homepage', 'website1value',
    'emaildomain', 'url',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'webseite', 'internetseite', 'siteweb', 'siteinternet', 'urldusiteweb', 'sitioweb', 'paginaweb',
    'urldelsitioweb', 'sitoweb', 'urldelsitoweb', 'site', 'urldosite', 'hjemmeside', 'websted', 'webstedetsurl',
    'webbplats', 'hemsida', 'webbplatsensurl', 'nettside', 'nettsted', 'nettstedetsurl',
  ],
  country: [
    'country', 'countryregion', 'countryname', 'countrycode', 'personcountry', 'mailingcountry',
    'businesscountry', 'businesscountryregion', 'workcountry', 'address1country', 'addresscountry',
    'billingcountry',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'land', 'landregion', 'pays', 'paysregion', 'pais', 'paisregion', 'paisregiao', 'paese', 'paeseregione', 'nazione', 'landregio',
    'landomrade',
  ],
  state: [
    'state', 'stateprovince', 'province', 'stateregion', 'statecode', 'personstate', 'mailingstate',
    'mailingstateprovince', 'businessstate', 'workstate', 'address1region', 'addressstate', 'billingstate',
    'billingstateprovince', 'region',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'bundesland', 'bundeslandkanton', 'kanton', 'etat', 'etatregion', 'estado', 'estadoregion', 'estadoregiao', 'regiao', 'provincia', 'stato',
    'statoregione', 'regione', 'staat', 'staatregio', 'provincie', 'stat', 'statomrade', 'delstat', 'delstatregion', 'fylke',
  ],
  city: [
    'city', 'town', 'locality', 'citytown', 'personcity', 'mailingcity', 'businesscity', 'workcity',
    'address1city', 'addresscity', 'billingcity',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'stadt', 'ort', 'ville', 'ciudad', 'citta', 'cidade', 'plaats', 'stad', 'by', 'poststed',
  ],
  linkedinUrl: [
    'linkedinurl', 'linkedin', 'linkedinprofile', 'linkedinprofileurl', 'personlinkedinurl',
    'contactlinkedinurl', 'linkedinlink', 'linkedinpublicurl', 'linkedinprofilelink',
    // German, French, Spanish, Italian, Portuguese, Dutch, Danish, Swedish, Norwegian exports
    'profileurl', 'publicprofileurl', 'linkedinprofil', 'profillinkedin', 'perfildelinkedin', 'perfillinkedin',
    'profilolinkedin', 'linkedinprofiel', 'urllinkedin', 'urldelinkedin',
  ],
};

/**
 * Reduces a header name to the form the aliases use: accents dropped, lowercase, letters and digits only.
 * "E-mail Address", "email_address" and "EmailAddress" all become "emailaddress".
 */
export function headerKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
