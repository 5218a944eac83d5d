import type { LeadField } from './lead';

/** A lead field, or the one extra input Leadflow can split into first and last name. */
export type MappableField = LeadField | 'fullName';

/**
 * Header names, in the form `headerKey` reduces them to, that feed each field, best first: when a file has
 * several candidate columns the earliest alias wins (a primary email beats a secondary one, a work phone beats a
 * mobile). Collected from the default exports of Salesforce, HubSpot, Dynamics 365, Pipedrive, Apollo, Outlook and
 * Google contacts, badge scanners and hand-made spreadsheets. No alias appears under two fields.
 *
 * Deliberately absent: company-level columns that look personal ("Company Phone", "Company LinkedIn URL"), whose
 * values would be sent to the vendor as the person's.
 */
export const COLUMN_ALIASES: Readonly<Record<MappableField, readonly string[]>> = {
  firstName: [
    'firstname', 'givenname', 'first', 'fname', 'forename', 'contactfirstname', 'leadfirstname',
    'personfirstname', 'attendeefirstname', 'vorname', 'prenom',
  ],
  lastName: [
    'lastname', 'surname', 'familyname', 'last', 'lname', 'contactlastname', 'leadlastname', 'personlastname',
    'attendeelastname', 'nachname', 'nom',
  ],
  fullName: [
    'fullname', 'name', 'contactname', 'leadname', 'personname', 'attendeename', 'displayname',
  ],
  email: [
    'email', 'emailaddress', 'workemail', 'workemailaddress', 'businessemail', 'businessemailaddress',
    'primaryemail', 'emailprimary', 'contactemail', 'leademail', 'personemail', 'emailwork', 'attendeeemail',
    'email1', 'emailaddress1', 'email1value', 'mail', 'emailpersonal', 'personalemail', 'secondaryemail',
    'email2', 'emailaddress2', 'email2address', 'email2value', 'otheremail', 'emailother',
  ],
  title: [
    'jobtitle', 'title', 'position', 'role', 'designation', 'contacttitle', 'persontitle', 'businesstitle',
    'jobposition', 'organization1title',
  ],
  phone: [
    'phone', 'workphone', 'businessphone', 'directphone', 'directdial', 'officephone', 'telephone', 'phonenumber',
    'primaryphone', 'mainphone', 'contactphone', 'personphone', 'phonework', 'phone1value', 'telephone1',
    'mobilephone', 'mobile', 'cellphone', 'cell', 'mobilenumber', 'phonemobile', 'homephone', 'otherphone',
    'phone2value',
  ],
  companyName: [
    'company', 'companyname', 'accountname', 'organization', 'organisation', 'organizationname',
    'organisationname', 'employer', 'businessname', 'account', 'firm', 'personorganization', 'organization1name',
    'currentcompany',
  ],
  domain: [
    'domain', 'companydomain', 'domainname', 'companydomainname', 'website', 'companywebsite', 'websiteurl',
    'companyurl', 'companywebsiteurl', 'webpage', 'businesswebpage', 'web', 'homepage', 'website1value',
    'emaildomain', 'url',
  ],
  country: [
    'country', 'countryregion', 'countryname', 'countrycode', 'personcountry', 'mailingcountry',
    'businesscountry', 'businesscountryregion', 'workcountry', 'address1country', 'addresscountry',
    'billingcountry',
  ],
  state: [
    'state', 'stateprovince', 'province', 'stateregion', 'statecode', 'personstate', 'mailingstate',
    'mailingstateprovince', 'businessstate', 'workstate', 'address1region', 'addressstate', 'billingstate',
    'billingstateprovince', 'region',
  ],
  city: [
    'city', 'town', 'locality', 'citytown', 'personcity', 'mailingcity', 'businesscity', 'workcity',
    'address1city', 'addresscity', 'billingcity',
  ],
  linkedinUrl: [
    'linkedinurl', 'linkedin', 'linkedinprofile', 'linkedinprofileurl', 'personlinkedinurl',
    'contactlinkedinurl', 'linkedinlink', 'linkedinpublicurl', 'linkedinprofilelink',
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
