import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { SignCommand, VerifyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { TallyError } from '../errors/tally-error';

/** Who signed a manifest: a local ECDSA P-256 key (by its public key's fingerprint) or a KMS key. */
export interface SignerInfo {
  type: 'local' | 'kms';
  /** `sha256:<hex of the public key's SubjectPublicKeyInfo DER>`, or the KMS key id or ARN. */
  keyId: string;
  algorithm: 'ECDSA_SHA_256';
}

/** Signs the manifest's bytes: ECDSA with SHA-256, the signature DER-encoded (X9.62), as KMS returns it. */
export interface ManifestSigner {
  readonly info: SignerInfo;
  sign(message: Buffer): Promise<Buffer>;
}

/** Checks a manifest's signature; false when it does not match (never throws for a mismatch). */
export interface ManifestVerifier {
  /** Which key it checks against, to compare with the manifest's signer. */
  readonly keyId: string;
  verify(message: Buffer, signature: Buffer): Promise<boolean>;
}

/** A signing call that failed for another reason than a mismatch (key unusable, access denied). */
export class SigningError extends TallyError {
  override readonly name = 'SigningError';
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

/** The fingerprint that names a local key: SHA-256 of its public key's SPKI DER. */
export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return `sha256:${sha256(pub.export({ type: 'spki', format: 'der' })).toString('hex')}`;
}

/** A new ECDSA P-256 key pair as PEM: PKCS#8 private key, SPKI public key. */
export function generateSigningKey(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Signs with a local ECDSA P-256 private key (PEM). */
export function localSigner(privateKeyPem: string): ManifestSigner {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new SigningError('the signing key is not an ECDSA P-256 key', { type: key.asymmetricKeyType });
  return { info: { type: 'local', keyId: keyFingerprint(key), algorithm: 'ECDSA_SHA_256' }, sign: async (message) => sign('sha256', message, key) };
}

/** Verifies with a local public key (PEM, SPKI), or the public key of a private key PEM. */
export function localVerifier(keyPem: string): ManifestVerifier {
  const key = createPublicKey(keyPem);
  return { keyId: keyFingerprint(key), verify: async (message, signature) => verify('sha256', message, key, signature) };
}

/**
 * Signs with an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY): the manifest's SHA-256 digest is sent
 * (MessageType DIGEST), so the manifest may exceed KMS's 4096-byte raw message limit; KMS returns the
 * DER signature, which a local check of the same key's public key (GetPublicKey) also accepts.
 */
export function kmsSigner(kms: KMSClient, keyId: string): ManifestSigner {
  return {
    info: { type: 'kms', keyId, algorithm: 'ECDSA_SHA_256' },
    async sign(message) {
      let out;
      try {
        out = await kms.send(new SignCommand({ KeyId: keyId, Message: sha256(message), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }));
      } catch (cause) {
        throw new SigningError(`KMS Sign with ${keyId} failed`, { keyId }, { cause });
      }
      if (!out.Signature?.length) throw new SigningError(`KMS Sign with ${keyId} returned no signature`, { keyId });
      return Buffer.from(out.Signature);
    },
  };
}

/** Verifies with KMS Verify (the key never leaves KMS); KMSInvalidSignatureException means a mismatch. */
export function kmsVerifier(kms: KMSClient, keyId: string): ManifestVerifier {
  return {
    keyId,
    async verify(message, signature) {
      try {
        const out = await kms.send(new VerifyCommand({ KeyId: keyId, Message: sha256(message), MessageType: 'DIGEST', Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
        return out.SignatureValid === true;
      } catch (cause) {
        if ((cause as { name?: string }).name === 'KMSInvalidSignatureException') return false;
        throw new SigningError(`KMS Verify with ${keyId} failed`, { keyId }, { cause });
      }
    },
  };
}
