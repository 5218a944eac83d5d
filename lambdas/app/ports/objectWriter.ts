/* Implemented by openObjectWriter (lambdas/aws/s3.ts), a multipart upload. */

/** A file written chunk by chunk, so outputs of any size take flat memory; `end` resolves once it is stored. */
export interface ObjectWriter {
  write(chunk: string): Promise<void>;
  end(): Promise<void>;
}
