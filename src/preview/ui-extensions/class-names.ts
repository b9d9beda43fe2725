/** Joins the truthy class names. */
export function classNames(...names: ReadonlyArray<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}

/** `testId` becomes `data-testid`, which the end-to-end test and `findByTestId` both key on. */
export function testIdAttribute(testId: string | undefined): { 'data-testid'?: string } {
  return testId === undefined ? {} : { 'data-testid': testId };
}
