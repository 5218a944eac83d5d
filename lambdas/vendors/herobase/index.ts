export {
  HeroBaseClient,
  checkHeroBaseBaseUrl,
  isInvalidImport,
  type ExportCsvOptions,
  type ExportWindow,
  type HeroBaseClientOptions,
  type ImportLeadResult,
} from './client';
export { CsvDecodeError, HEROBASE_CSV_ENCODINGS, charsetOf, decodeCsvExport, type HeroBaseCsv, type HeroBaseCsvEncoding } from './csvExport';
export {
  FORBIDDEN_CODE,
  HEROBASE_NAME,
  HEROBASE_VENDOR,
  HeroBaseForbiddenError,
  HeroBaseRateLimitedError,
  parseRetryAfter,
  type HeroBaseInvalidField,
} from './errors';
export { checkLeadData, parseFieldExample, toFieldSpecs, type HeroBaseFieldProblem, type HeroBaseFieldSpec } from './importExample';
export { hasResourceRight, missingRights, projectRightCovers, type HeroBaseRights, type RightsRequirement } from '../../core/herobaseRights';
export {
  AccountSchema,
  CampaignSchema,
  ExportedLeadSchema,
  LeadSearchSchema,
  type HeroBaseAccount,
  type HeroBaseCampaign,
  type HeroBaseExportedLead,
  type HeroBaseLeadSearch,
} from './schemas';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry';
export { VendorFatalError, VendorProtocolError, VendorTransientError, type VendorFatalCode } from '../errors';
