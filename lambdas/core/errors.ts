/** The batch outlived its deadline at the vendor; its rows end as `failed: vendor timeout`. */
export class BatchDeadlineExceeded extends Error {
  override readonly name = 'BatchDeadlineExceeded';
}

/** The vendor finished the bulk without results (INTERNAL_ERROR callback, or 404 on polling). */
export class VendorBulkFailed extends Error {
  override readonly name = 'VendorBulkFailed';
}
