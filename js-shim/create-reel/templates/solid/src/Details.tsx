import { createSignal, Show } from 'solid-js';
import { useNavigate, useParams } from '@solidjs/router';
import { W, H, SIDE, posterById } from './data';

/** What a key handler reads of Reel's key events. */
type KeyEvent = { key?: string; stopPropagation(): void };

function Button(props: { label: string; x: number; primary?: boolean; autofocus?: boolean; onPress: () => void }) {
  return (
    <view
      x={props.x} y={720} w={300} h={80} color={props.primary ? 0xe50914ff : 0x3a4160ff}
      focusable focusScale={1.06} focusDuration={140} focusColor={props.primary ? 0xff4a55ff : 0x6a74a0ff}
      autofocus={props.autofocus}
      onKeyDown={(e: KeyEvent) => {
        if (e.key === 'Enter') {
          e.stopPropagation();
          props.onPress();
        }
      }}
    >
      <text w={300} h={80} textAlign="center" verticalAlign="middle" fontSize={30} color={0xffffffff} text={props.label} />
    </view>
  );
}

export default function Details() {
  const params = useParams();
  const navigate = useNavigate();
  const poster = () => posterById(params.id ?? '');
  const [playing, setPlaying] = createSignal(false);
  const back = () => navigate(-1);
  return (
    <view
      w={W} h={H} colorTop={0x17203aff} colorBottom={0x05060bff}
      onKeyDown={(e: KeyEvent) => {
        if (e.key === 'Back') {
          e.stopPropagation();
          back();
        }
      }}
    >
      <Show
        when={poster()}
        fallback={
          <>
            <text x={SIDE} y={200} fontSize={56} color={0xffffffff} text={`No poster ${params.id}`} />
            <Button label="Back" x={SIDE} primary autofocus onPress={back} />
          </>
        }
      >
        {(p) => (
          <>
            <view w={W} h={H} colorTl={p().top} colorTr={0x05060bff} colorBl={p().bottom} colorBr={0x05060bff} />
            <view w={W} h={H} colorLeft={0x000000e0} colorRight={0x00000030} />
            <view x={W - SIDE - 480} y={150} w={480} h={720} colorTop={p().top} colorBottom={p().bottom} />
            <text x={SIDE} y={150} fontSize={24} letterSpacing={4} color={0xff7a82ff} text="DETAILS" />
            <text x={SIDE} y={200} w={1100} maxLines={1} fontSize={56} color={0xffffffff} text={p().title} />
            <text
              x={SIDE} y={282} fontSize={30} color={0xffffffcc}
              text={`${p().year} · ${p().genre} · ${p().minutes} min`}
            />
            <text x={SIDE} y={350} w={1000} maxLines={4} fontSize={30} color={0xffffffe0} text={p().synopsis} />
            <text x={SIDE} y={620} fontSize={30} color={0x7cf29cff} text={playing() ? 'Playing…' : ''} />
            <Button label="Play" x={SIDE} primary autofocus onPress={() => setPlaying(true)} />
            <Button label="Back" x={SIDE + 340} onPress={back} />
          </>
        )}
      </Show>
    </view>
  );
}
