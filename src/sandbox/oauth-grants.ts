export interface InstallablePortal {
  readonly id: number;
  readonly hubDomain: string;
  readonly userId: number;
  readonly user: string;
}

export interface Grant {
  readonly portal: InstallablePortal;
  readonly scopes: readonly string[];
}

export interface IssuedAccessToken extends Grant {
  readonly expiresAt: number;
  readonly refreshToken: string;
}
