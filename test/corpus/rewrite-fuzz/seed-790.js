"use strict";//lf  

// o  t uqz﻿d p 
/*f pmlljro yj 　 */"use strict"/*fdc  kub*//* */
 "åG¨";/* njgmxl   ia	x﻿*//*bvi
o　 g	 e   m*/
class //k  // d	e m tgpevpn
oqoiqy /**///	  hnxaf
extends /* azsshsm﻿xbffi */function //ulacyun  r say tarli
//
//n rd  yb	pm
olc() //i 	{
//usv  k  ko b jfcv
//y  m  x
 //py﻿yr mhesyf 
 "use strict";//nyty z i

  //rzc 	r   qygz
/*ezi 　p	 
 tpev	﻿*/"k";
// r  
//
 //　 ﻿g "use strict";/*zkccu*/
/*u*/ /*a   sdggr  ﻿nqh  g*/ // 
"û¯_"
//h c nv  o﻿dpc 
  // zz
do/*  
y
 micmk
 p	 ni*//*ukq  dy p zqh
psm*/ break;//cd 	u﻿ 
/*ztupbylbxs ﻿z jc*/ while //yne  　qf ydz  (((((((new.target//g 　 gks/*m k﻿ */ //f zv  ysg k 
* /*      cg v*/(((/(?:)/gimsu)) /*rgj

m f﻿c o*/- // j
"¥åUq"))))/**/// ?//i e x	f　n xt  u//j﻿  
 /*ak  y z ﻿ t  pr koq*/(new.target)[(((d)))[/(?:)/muy]] /*lq*/ : /*	 bxyjm*///	fuyfalse.anwfrjaemthsbq))))
/* j y	 frt x  d*/
  /*   ye
flhp s   l*/arguments:/*l*//*eob   heu*/ for /*pp mfna*/(;;) //
//ac rg;


/*c﻿ vkb*/ /* kg   peql﻿*/  ;//   

}/*rh s   oa 

f*///j fdaosttsa﻿k gp 
 {}
/*z j　	  jqr */do //z 	lbcz  inkj 　　
while/*﻿ s 
 q﻿　*//*
	 y y 　b d*/ ((function/* jzu
trtq d*/ ({}/*ma g  
 n
q*/ =//k   c  gtd﻿ v
 // le　h
/*e　b q 
pv x﻿o  z */function　/* ig	 j ms   */(async,// jpcogi []) /*xt j
l  h*/{//ln﻿  z y vu 

 /*l*/ "{j";
//c　 tfii　o/* m
zozzi tf﻿
*/ //nea i 
 while//﻿ uhgb vffovy	n
/*p
 z﻿rko ﻿k﻿*/ (/\xAe{9762,}?$$/imsuy)
//	mh

//k
 ;/*h  v ﻿eb*/
// bzbr		   a zo　iman
  while/*	m
 */ ((3.2419746788218614e253)) // x  az upj  aszg
debugger;
/*e*/  // 
/*ad   
jed c*/for/*et*/ (const/*s uu	*/ /* 　g*//* vxgdo 
 qtulu */e /* e p  c
vlj ht*/in /* ﻿﻿*/(true))/*m xbjm　zdn */ return;　//phme sl ct }, // s  s  gd	e[,/* */ /*  l*/, /*mlb z*/], /*hh n﻿ ihsz*/hadgeodydmhjwikg //ze  y   
/* i j v j
*/=//﻿ b y  
// vjzc c z  
 ++o, //   tqn y	y 
bxjujqlaqoimuv/*fnip*/ =//jca  o b ptlx 
 {[new.target]://co zx﻿n om  j (new.target),/*	 sy  o 　*/ ..."µÅAô",

/*
y
z*/...arguments, //  l st  y  [2e308]://k
//n true,/*l　
nb k
 a fdealqlh*/ await},//ttkp 
 // 		kr	p npgc    g 
wboxanoib)//ch　x﻿t mgi﻿r ﻿  a
 {
//vy   tr 　 
//d　o  nhaj  hkhi
  "";
/*t ut
t  bal*/ //s mmf qu jb    	r  "¯o";
/* o*//*pky v﻿*///	}))//aczd qpi g
/* yo  s  	sz﻿mt */ var/*u za  */ /**/n//follnx fib	n//onq　ue c ul  
 = /**/new

﻿/*z*/((("K"))),//d	
 {} /* th*//*ai*/=//d  ((async /*   gn m*/= /*c i mbht */this)),// bcu j ps xfy    /* ﻿ oz  ht  *///  
[] /*    　 vg﻿j n  p h
*/=

/*r  hq rq﻿   n*/(((()/*k asolr */ => /*a o bo */{/*i*/
// s/* 
pi 
 dtn	szf *//*x l  */// hy ﻿u h h    
  "(µ"
/*qb   afi  ggk*/
/*u n  pflmlbp ﻿*///lxd l ueht ut ggfzs//f ur   /*myob
 diixjp */"z"
// i  d   vo p cmh sj
 }))),/*k	a kod x*///n ts   qc  r boe　  n
//t ivjy a p   /*d
 rrp veba */while/*q  */ (/[^]*?[^-]??$\7??||\b\0{75880,87227}(?!)\xcEY|(?!)[\?-_](?!){63090,76334}?(?:)/gm);/*f gf
dhz   */
for/*   
sao s	*/ (let /*r    */{r/**/ // k  kcc  vv gv = // xs vip/*hu  kje cnm*/!(""), //rbc
...paqbua} /* l	v	  	hr n *///  a　pssz n kk ja
in /*
 ilj  　 kprtm　*/(++new // 
{await,// btzxg .../|\x70{24517}?|(?=)$/iuy}(...(class/* q
*/ //d  
//ar
{}), /*i xv jnq zs z */(((++async))), /* tko 
*/...(((arguments)))).interface))/* dp ue  fy*//*pv  o*///  hg	    sdpbgvqc 
 if // v q s
(njx//g     gi  mn
 = //hg  yc/*o m nye kut　*/async)/*x 	r	pm	 */ var // ycfp j    ﻿x   i t 
await; /*ld *///   gfgb g h  
else //a
/* h  xgyc b p  */debugger;
// ﻿ouf m j ca　 x 　i;/*  u */
while //lzl a t﻿ck  
(0) //g bk k　　v kt  bqy /*j ﻿t
j   */try//dm  osecq﻿  q
//af {// 
  //yr 　x   i 
/*sqh  aj zg　*/switch// t (await)// qscco u ti
 {//  rjj

 /*   pngyl i*/  /* c *//*s 	*/ case // ki t bm 
/[^\+-[-\^-a\--e-]{50749,79011}/u():
//kcg ht o   qm p　 
// h m xhgt u﻿df l

  /**/

//　uv  　 r 	k continue;/*　mnrs  o  o*/
// tt
/* */// r ca fs    
    //h 
 /*s  s　 p*/ for (await/* lvcau a emkr　
*/ in /*c  　pkvjj
ft*//*mivexsyr
cj*/false) //  　c    eaxd  f　fjh;/*
 　p	z﻿btp e e﻿td*/
//u q
  /*  dxi*///yit	 v t 
 /*egn u  f
 k*/ /* q  */  let/*dffv k﻿q t  n o */ await /*qi
f  p　g k i*/=/*y k i lt  y*/ ((this))
/*　e*/  // je yqq e 	 na ﻿o
//jys si v sf// l r　 e 	br  f p q
  //vg c     
default:
/*h f*/ //h  x
 /* vj u*/  //oj
  const //yl
k //h   d  x 
=/*  d  m*//(?:){63036,72662}^\0{44376,60042}[\--\-\--M\--p-]$/giuy;/*gnvtqar d *//*　h*/
  /* g u   e﻿ely  r c  */ //tp  g   dbt
 /*oo　 */ /*gzvb  v    e*/  /*  i  i 	tage */while /* ﻿r ysn fm*/(u)// t　h 
　break;
/* d v 
﻿q*/  //v   
// uq
 /*k	jo er 	xgx　t	e*/// /*xvh j m  kyl*/case/*jj*/ //  khtfy jhbtm 　c y
1.7638656287454067e157:/*k
﻿bd*//*a  o  ﻿*/
 /*x baqecoxh*//*
	 s  　 ufk   l h*///   klxb 
 /* */   //c
//js	qeprxgm  
 let //cgy g csit 	eq	nklu /*     a h 	rv rc*//**/= /*  na﻿  y a
ns	﻿
jp	*/this/*tuz sfesr 　v*/ /*nh  i	 dxxo z*/
// 　iz
 // a  /*x  rn  r*/ /**//*mg uzzdjhhx　fz*/ function// ut h 	 bkf
//
 a()//otyxfq   xu
 {//y  ma﻿v 	pu  　
 /* h ln
xl  
xsi   */ //dn　 pf    // 	 v	nxb﻿ // rql u
  //djc "Ì"
/*i
hp   iy﻿ f	 sq*///h l c drgp/*ot  f 
p u jz
*/
/* c    b t﻿ n kk	  ﻿*/   //vdcm
   /*　a　foe*///  qk oynu  js u
 /*z*/ "6\";
/*﻿bj  by   y d*/ /*  ub
 	yi	g zi﻿h*/  //g
   /* moo*/ //llv
  "n¡G";/*g  *///zhmr﻿f    s n   vf e
/* n ku 	  ty */  // htd tmrrz
//l﻿fk jgju 
  /*c　 r   okd
msnmbea *//*f xl h 
sfa　﻿*/ // n 	ts d﻿m a  srxg
/* f
xpqc
smjsv  m g*/  /* q　oqp bio nef*/ // p 
 "";
/*k ﻿n y g*/ // k v
/*l q ﻿  yu tp */ //   p 
  //m tg igebul u z
 //m  q ds q zizs 
//yllz 　 x﻿b  s　z
    /* 	biiao sl*/"ÓÓ)Ý"
/**/ /* 	a ﻿　 ej e*/    //  d
// n﻿﻿ r  c  pq﻿  }//pm c j  vuygccs   

 /*j﻿ jqg ﻿p*///　tn hza
   /* k p v ichr	
m ix*/  /*bz  zl  */while//k qnc  d ("")//e　  ;/*tif	c  b  xz*/

  /* kx zfhxk    oo */ //    	
  case//  tit (((new/*  fmz
p qfs y z*/ /(?:)/gu))):/*y  
 	*/
  /*m bat   yk　n  */ /* l c z k　 g*/ /*  i rk*/ //ybkchsy  fu  //ivr
async: //   r s    	i   
;
// 
 //    vzi　	ban nb  //riipi yc x  k
  /*t ic 
qn ip  us d*/  /* *//*gdhta  */ /*ar
le  h lxre*/  //gnl  zax kdeptqo
("p«P");
///*yni yyu r*//*in*/ //o jm   xi   /*
cut r  */ /*mfz 
x 	f   */ //k  f o   it  st
//		 j  /* il u  ya */switch/*  
 k ik　 ro﻿k ohf　*/ (2e308)// a  re j z  a
 //i  e
{/*oyl﻿*/
  //　	c b  /* n﻿    nip*/ //uvosg　  x	 r  /*q    g  dl  	
uk i*/ default:
//f  o cgf f
 /*g*/ /*ya
v  jv ahu  qld　 *//* dnl xu sukd b d*/  
/*u*/ }// icm  f c

/*t*///c u  t eb//b uzysxker q xp　c  /*v f abopa
l sef ﻿*/case /*tl*/false://

/*  vvs     unu	njq */ /*bu	nug　y*/   /*  
*/ //　ms vgf　﻿ 　 n	gifz  /*ulicxpgfer u  t*/try//i ﻿
 /*a ckyaygk  */{} // dcu l﻿g
catch //d    m i 　  　 lf
(s) /*a zo
*//*
f   k  sqn    */// e　 fj sn
{}/* jgid 　xs */
/*　i vtz	 oq trv*/ //ky  ﻿  j rz xprv yq
    /*r zif*/ //m  s 	td 　 dpf
  throw/*  ofjc  z﻿ t*/ g /*	 s  */ /*g jzp ﻿xbmofgfvt*/  //x b  kb//tgonq
 case /*l  x  o﻿  kc  v*/"*l":/**/
/*
 zhts  tu   le  */// x  j// vba j  tb  g
   /* s*/ //lcu mng ux
  throw/*rkrc n	rkdi  gdy*/ eval;
/* */ //  ner f
/*　g ﻿j*/   /*kpydn bnkez h 　b  h*/ /*r*/  "hÎ@";//o lu   tb 

////asyfj 　s	    // i  	nvojl 
// jqcgfb
  case//  u　c u   x  as/*z ar  */ (++.93[null]):
/*s e c  　	bb﻿ pd   */ //h	 q f qju   hysm
/*nv
e */  //   //  
//	 vbu  pdooi i
  //  try //    //﻿ng a d t 
{} /**///	 yyfass l 　o k  catch //eb
(w)/*gqk
   o
e*/	// x﻿   ax  
//jrgi n﻿ydvtmy l   
{}
//bf  eb  mt 
/* j e ﻿   vn qa z﻿r*//*m﻿ rg sr uvgd
*/ // kue	o //phdtcv﻿ 
  }//ebp i h
/*x  h
zv   b mc   *///ivezi h  oe bnx﻿ s 

 /*xpcfsc﻿x 
*/ switch /* i ef*//* o*/((--2e308.try).return)/* s jo*/ {/*tolrbt g*/
/*  g*/  //xu　gcc rr o 
  // u  　j  	j  
case

//getk b q x y async// a rs  z	  mp
 **=//jnveuxtd  p    z
 (2e308)://v﻿v i
/*a p
*/
/*  m   */ /*  dje  d b　
yc  ak*/ /*jpu 
 mbq　a  g fe *//* z   	z z
ln p zc*/ /*amnz */ // h 
/*	s
 */   /* f bf
　hes f
  n    */while  /*x  kr*/(/(?!){4149}|`{82566,89858}?(?!){58160,}/i) /*    hv	
p  
eknzi*/;/*gvlb hy i*/
 /*okadvp k r
﻿*/ //  p　d	tql uyq
 //y  iymf ef﻿u /* 
  gbet id*//*	cumxpiqi gl
 r tm*/  /* m cun ﻿t qy qrr cy*/{}
/*nz﻿y　i aa*/// gg qf 　vrff n 
//phb  /*dl eatjk*/ //zza ei   k﻿ ri bx j  /* 	yc gf uhg n g
v*/  for/*a c 
r ascl*/// n i lo s﻿i
 (;;) /*　lg	z﻿*///mij 	v  xsv
;// xjjkbeibrm  u v jn
//k  p  //s  p t yax h
 // be 	   ez gsh ep
//b np
 /*k f yks 　	g 	t*/   //    c   j 
{}
/*otm﻿dk
it       ol*/ // o ﻿
  /* eb  qej  c xh *//*   u*/  /*	  hv jmx
zt br﻿ */ //c	 lk lz /*d
x lv  z  f*///fri　    　 qa tz oxk
var //l﻿vczor nadc﻿b w/* ob	m　pt xj 	ff*/ = //ab 
this;/*vmo
jmrm j */
 /* hnusvhq     cz*/ //  /*   	g  ie ao  ﻿ n*/  //t　nljm on j br be 
case // 
/*﻿g b  ovf k duq b*/j
//n﻿
//u　c ﻿f
= /*mo*///   ﻿    t s  o  s c(null)://yfx n  eag onng
//

 /*mm f 
e  d*/ 　/*b eosgca */	 /*r n  kreo
oh*/  for /*﻿ p */(await //fyb up﻿z  n﻿e n
//m  aroe ﻿ftcgat q
in //  l	 g   nnes   s q
((false)))// b
//y s　ms﻿ im    v break;//zxv lo

 //  u /* i*/  /* kbmtvb
  
hg dgz */default:/*tlded mt 
 tht*/// 
/*agr　 bebb xc y e*///hv o﻿ojj
   //c  lc	　 g roazrs 
  /*da
*/ for //hum  	 c  nj	
/*uyetjx ﻿h fh u*/(var //  cui npxsi
await/*j  xuqj  r 
a  k*/ of /* mj*//*qc  　tzu c s
*/ /[-\cekt-\ua812\0-\)]/gs) /*d
 f v   pm*/continue;/*
x le
b d cc m*//*     u   *//* cra

 kcpc v  h
 */
  /*qh*//*jmbj*/ //﻿ei // fvz 	ar   ohx
    /*pdl lv i*///nqg //   ovfyo	iuujhefkdi break;
/*fih﻿xnjvent　n*/ // fltvz /* r k in   y  hblz */  /*jq 
*/  /**/if /*m  i  khhca*/(k)/**///oh
 break;
/*mrhydk  */ /*tu j*/ //gx ﻿ rt　 ln uvub  u  ﻿//ot f  a  throw /*e kej  mjpzzs	zj*/(null)/*bxumn	fq  gx u 	*/
  /* hy  t cvdl  d */ /*j
fa　*/   // yhf
 /*x  p	nrrrv */switch // endo
(this)/*mz 　   n   l	d *//* a u bl 
t  y　th k*/ {
/*  adku
yk */ //qok
// m
 //g    s
   /* yj b am  *///zz﻿a	yy d
   /*i r 　*/default:
// u　y
/*﻿h rszjzq oq   ﻿t*//**/ //ojb e
   /*c fc lj xpvpm﻿﻿  *//* jtcgvmnhg*/  //et 	pz 
}
/*t oyvf  */ //
 //i   avtx p  nit
 //   bdd 	   e  yte　
/*　kdd y vh  f　x  rg*/　case /*f h	  s    t﻿d　dv*/"":// nsxrkj

/* buprju*/  //toe	   /* */  try// f  lfakc cf cxhka
/*ecn n  　*//*e dj ku 
n﻿	u*/ {}// dah fr  y /*
ifhv	g		 b  */finally//go 
 {}//     xyl acee im﻿ ol
// gcq //r	r	

 //ia m  ag　qq //kk t ﻿ evfb  ﻿s y i 
 /*ri  *//*j z 
gn  q*/  /*q*/ //d  px j  x  am xe
for//rd     
/* ﻿ 　	 cg	*/ (;;) /*
  h﻿yz *//*z 　  *///　  zp　m  kk  vhydebugger
/*hijoj  fnyo c  j﻿*///uzs oru﻿ voe  ﻿h//  j l kru
/**//* */  
/*fu
 huzdynljf  k *//*f   o a y  xjnh*/ /*padub xulf*/// cisd rlcx 　c
 while//	 luuk 
 /**///   (async) //﻿  lfyvz ibreak;
/*am﻿i
	do t sf*/  //krzl
//zs egj v  kbx l // ﻿o
 /* ye	
  mo m*//*ic*/  /*rpl    m g　 z *///　dfzzx xrasync:/*	   	*/ // pbz  kcz hzlg
debugger;/*en l
vkcc  q*/
//lc﻿　kfacz   ht 
  // snarli	 t eqh
 /*  kb tmqva　  
*/ //　hpt 	  case/*n kme
osol
cv
t*/ /*﻿  hih ﻿nn﻿   *///uv　hknew /*q u k    v */true:/*z m*//*   xz	qofg
	i*/
//  fyy xczc   //   s 
 /*   x	ka
ijhdnbxre*/case/* zlojf ajdb

  */ //y　　t 　fh
//pq nsf e jfh
++f:/*ls ss h   r﻿eng he f*/
// egxy  vevtb
//h    /*htuq　
 mkf z a*/case //ex hv//mfh  6.664995786268264e57:/* */
/*o 	 

*///eqzc 
  /*  raqhkjr u z*/ /* xt */ //u  x     sxg
/*ggzoa	b
 	   */  switch//  x
 (((null)))/*j*/ {//gig p   hmyns	

  // 
/*b t   g*/ /*g
nxpm
k   */ //﻿   
    //cu 
//　j vty 
 //k borm ce  pa d
 default://  m    zbsyrpy  
//k
  /*y 
 kk f	x	 */ // n bkn  y   hg  /*  zdibfsklcfx nq*///
  }//  e  xd v       	　

// g﻿ hnl  
//x	h　rhig x  j
/*r  ﻿ msyp  xr  *///et zdhy n
   /**/ /*
 i  vrf*/  try//kmclb  {}//men
 catch/* */ //sb
// e l  gka kuc  uv 
(t) /*h 	  */{}
/*v﻿   ry*/ /* x d*/  /*  lh qbtk */  /*  klmi*//**/ /*r v u nhuoe s*/ // s 	  lu  
 try//nvg  x 
 // 　 h  tu	 ch n 　zkb
{}//pc//zm 	
/* */ finally//    qm   xnucuycxh//k oq zc yn	ras
/*iv     qe */ {}//  sm  y 

  // a ar  tj		h
//k xa   /*
nae*/ /*qqn */ //e l  h  	q   u
  /* v*/debugger;
//c n h h   ve﻿mv f//
/**/   /*r  la  phayq */ /*
 */  break
//
/*v 
z s  hf*/
/*rz  n   ﻿ n y*///	js﻿  xui zn  j 
   // 
 case //h szpxk　ig d pu
//tji 　y ha  v 
"Elé"://    c u

// trf ubn//qmqt﻿l 		 if  //hqg u   nh 
/*  
 a  pe le*//*y   g ch
q l i 	g*/    /*dolr p  c m*/async://yc	　hjyjl﻿ 　g  zn //g g ﻿ z﻿ continue
//ua lg
 // q
 /*t axs	　vgy d
*/  /* 	 d  tn ur  　*/ /*q do	 ia　j   gh
*//*jj  y f	sz   f 
  */  ;
//  e fn  a  //j ykt //li   qb of ccpmi  
/*lgh  r sr
r*/   //﻿bnspuo  throw/*tp kop  h t*//*anapthcggn　 h    *//*dx*/ null/*p   q 
 odlh k  */
/*qf﻿ */// 
  //  lu xrp 	na　	e x	
  for// v
 (const/*ge qye f lo h   */ /*dp */await //cxipbiegaof/*d fj*/ "¯lE")//   f  k t    ur debugger
/* *//*lmklb
 */
  /*g  */  // atr mmb
 /* 
 
*/ break;//﻿ d j

/*d

 c   z   d ey
*//* */}
/*nkj　
zbn    ﻿iv a */
//qo	bi bnby   acl j
	debugger
//　   xefk   h   q	 o

} /*kpbm o　a v h *///v ir iuzvmf
catch /*b　 up y  xu l　 *//*ipdxx  ﻿﻿ if*///﻿zr
(jetflcfsbwohrrgg) /*l*/{
//  i j j q  mhzr  x
/*  ﻿  *///vb m  eb ca lrl	g/* pqf*/  async: /* x  qc eg   *///ee	 t x﻿﻿ 	  s
for /* ned */(await//  in/* ubqmj  kg y
*/ //ux cj﻿hdg  le i
null)//dgv	
 break/*  ihrh  	　h﻿*/ async
// hqam q //p　  m 
 /* j*/// anylkuz for /*x  arp *///r z cot fij
(async/*m
gj hvf xl z t*/ in /*tf	﻿zd  	l*/(false)) /*d	h  jeayyc  g*/for // rzdk cl
(;;)　/*qznc 
 r   　 rk */continue;
/*ak

 fcf 
e g   */ // vo   /*cy 

g	rg*/  throw /*jf */(((/(?=)/gsuy)))
//kcckx　l
}
/* n dkap az cz k*/